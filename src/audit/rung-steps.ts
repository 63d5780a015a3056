import type { TrailEntry } from '../policy/types.js';
import type { AuditAttempt, AuditDecisions, AuditStep } from './audit-types.js';

/**
 * Trail steps of the ladder's rungs between "the model failed" and "give up", and of the review's conversation rules
 * and quality sampling (docs/failover.md, docs/review.md): only the recorded trail names them, so the audit takes
 * them from it. (A `repair` ran inside its attempt: the audit reads it from the attempt's own result; a `fit-prompt` goes right
 * before the attempt it shrank, see fitsByAttempt.)
 */
export const RUNG_STEPS: ReadonlySet<string> = new Set(['quality-sample', 'interim']);

/**
 * The recorded rung entries, grouped by how many attempts the trail had noted before each (0: before the first
 * attempt). Each step is placed at the last attempt before it (or `before` when none), so it lands in the audit
 * between the attempts it came between.
 */
export function rungStepsByAttempt(
  decisions: AuditDecisions,
  attempts: readonly AuditAttempt[],
  before: { at: string; eventId: number | null },
): Map<number, AuditStep[]> {
  const groups = new Map<number, AuditStep[]>();
  if (decisions.source === 'recomputed') return groups;
  let seen = 0;
  for (const entry of decisions.entries) {
    if (entry.step === 'attempt') {
      seen += 1;
      continue;
    }
    if (!RUNG_STEPS.has(entry.step)) continue;
    const anchor = attempts[Math.min(seen, attempts.length) - 1];
    const at = anchor ? (anchor.closedAt ?? anchor.scheduledAt) : before.at;
    const eventId = anchor ? (anchor.eventIds.closed ?? anchor.eventIds.scheduled) : before.eventId;
    const group = groups.get(seen) ?? [];
    group.push(stepOf(entry, at, eventId, decisions.source));
    groups.set(seen, group);
  }
  return groups;
}

function stepOf(entry: TrailEntry, at: string, eventId: number | null, source: AuditDecisions['source']): AuditStep {
  return {
    step: entry.step,
    at,
    outcome: entry.outcome,
    reason: entry.reason,
    source,
    ...(eventId === null ? {} : { eventId }),
    ...(entry.detail ? { detail: entry.detail } : {}),
  };
}
