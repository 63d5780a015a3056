import { formatDurationMs } from '../policy/duration.js';
import { attemptEntry } from '../policy/trail-text.js';
import type { AttemptRecord, Outcome, RouteResult } from '../policy/types.js';
import type { AuditEvent, EventOf } from './audit-events.js';
import type { AuditInput } from './audit-input.js';
import type { AuditAttempt, AuditDecisions, AuditReport, AuditReview, AuditStep } from './audit-types.js';
import { rungStepsByAttempt } from './rung-steps.js';

interface StepFacts {
  events: AuditEvent[];
  input: AuditInput | null;
  result: RouteResult | null;
  /** The trail the workflow recorded (memo or result), or `recomputed` when it recorded none. */
  decisions: AuditDecisions;
  attempts: AuditAttempt[];
  review: AuditReview | null;
  route: AuditReport['route'];
  outcome: Outcome | null;
  closed: EventOf<'closed'> | null;
}

/** Trail steps for the request, route, attempts, review and ending (classify and privacy are added by the caller). */
export function auditSteps(facts: StepFacts): AuditStep[] {
  const steps: AuditStep[] = [];
  const started = facts.events.find((event) => event.kind === 'started');
  if (started && facts.input) steps.push(requestStep(started, facts.input));
  if (facts.route) {
    const first = facts.attempts[0];
    steps.push({
      step: 'route',
      at: facts.route.at ?? first?.scheduledAt ?? '',
      outcome: facts.route.name,
      reason: facts.route.reason ?? 'route recorded; no reason available',
      source: facts.route.reasonSource ?? 'history',
      ...eventId(facts.route.eventId ?? first?.eventIds.scheduled ?? null),
    });
    // Models the route could not use (privacy, context, cost) and the answer cache's lookup (hit, miss, skip): only
    // the recorded trail names them.
    const { decisions } = facts;
    for (const entry of decisions.source === 'recomputed' ? [] : decisions.entries) {
      if (entry.step !== 'precheck' && !isCacheLookup(entry)) continue;
      const at = facts.route.at ?? first?.scheduledAt ?? '';
      steps.push({ step: entry.step, at, outcome: entry.outcome, reason: entry.reason, source: decisions.source });
      if (steps.at(-2)?.eventId !== undefined) steps.at(-1)!.eventId = steps.at(-2)!.eventId!;
    }
  }
  // Prompt fitting, interim messages, quality samples: between the attempts the trail noted them between.
  const routeAt = {
    at: facts.route?.at ?? facts.attempts[0]?.scheduledAt ?? '',
    eventId: facts.route?.eventId ?? null,
  };
  const rungs = rungStepsByAttempt(facts.decisions, facts.attempts, routeAt);
  const fits = fitsByAttempt(facts.decisions);
  facts.attempts.forEach((attempt, index) => {
    steps.push(...(rungs.get(index) ?? []));
    const before = stepBefore(attempt, facts.attempts[index - 1], facts.review);
    if (before) steps.push(before);
    const fit = fits.get(attempt.n);
    if (fit) steps.push({ ...fit, at: attempt.scheduledAt, eventId: attempt.eventIds.scheduled });
    // The repair ran inside the attempt; the workflow notes it before the attempt's line, and so does the audit.
    if (attempt.repair) steps.push({ step: 'repair', ...attempt.repair, ...attemptStepPlace(attempt) });
    steps.push(attemptStep(attempt));
  });
  for (const [after, group] of rungs) if (after >= facts.attempts.length) steps.push(...group);
  if (facts.review) steps.push(...reviewSteps(facts.review, facts.events));
  steps.push(...endingSteps(facts));
  return steps;
}

/**
 * The recorded `fit-prompt` lines (docs/failover.md#fit-the-prompt) by the attempt they shrank the prompt for: the
 * workflow notes each one just before that attempt's own line (after a summary's attempt line).
 */
function fitsByAttempt(decisions: AuditDecisions): Map<number, Omit<AuditStep, 'at' | 'eventId'>> {
  const fits = new Map<number, Omit<AuditStep, 'at' | 'eventId'>>();
  if (decisions.source === 'recomputed') return fits;
  let pending: Omit<AuditStep, 'at' | 'eventId'> | null = null;
  for (const entry of decisions.entries) {
    if (entry.step === 'fit-prompt') {
      const detail = entry.detail ? { detail: entry.detail } : {};
      pending = { step: entry.step, outcome: entry.outcome, reason: entry.reason, source: decisions.source, ...detail };
      continue;
    }
    const n = entry.step === 'attempt' ? /^attempt (\d+) /.exec(entry.reason)?.[1] : undefined;
    if (n !== undefined && pending) {
      fits.set(Number(n), pending);
      pending = null;
    }
  }
  return fits;
}

/** A trail entry of the cache's lookup (its `stored` note comes after the answer and is left to the result). */
function isCacheLookup(entry: { step: string; outcome: string }): boolean {
  return entry.step === 'cache' && entry.outcome !== 'stored' && entry.outcome !== 'not-stored';
}

function requestStep(started: EventOf<'started'>, input: AuditInput): AuditStep {
  const messages = input.request.messages ?? [];
  const chars = messages.reduce((sum, message) => sum + String(message.content ?? '').length, 0);
  const forced = input.request.route ? `, route forced to ${input.request.route}` : '';
  return {
    step: 'request',
    at: started.at,
    outcome: `${messages.length} message(s)`,
    reason: `${chars} chars under policy ${input.policy.version} (${input.policyHash.slice(0, 12)})${forced}`,
    source: 'history',
    eventId: started.id,
  };
}

function stepBefore(
  attempt: AuditAttempt,
  previous: AuditAttempt | undefined,
  review: AuditReview | null,
): AuditStep | null {
  const base = { at: attempt.scheduledAt, source: 'history' as const, eventId: attempt.eventIds.scheduled };
  switch (attempt.role) {
    case 'retry': {
      if (!previous) return null;
      const wait = attempt.waitedMs ? ` after waiting ${attempt.waitedMs} ms` : ' at once';
      const retryAfter =
        previous.retryAfterMs === null
          ? attempt.waitedMs
            ? ' (backoff)'
            : ''
          : ` (Retry-After ${previous.retryAfterMs} ms ${attempt.retryAfterHonoured ? 'honoured' : 'NOT honoured'})`;
      const reason = `${previous.errorKind} ${previous.errorType} on ${previous.model}: retry${wait}${retryAfter}`;
      return { ...base, step: 'retry', outcome: attempt.model, reason };
    }
    case 'fallback': {
      const why = previous ? `${previous.model} failed (${previous.errorKind} ${previous.errorType})` : 'fallback';
      return { ...base, step: 'fallback', outcome: attempt.model, reason: `${why}: fall back to ${attempt.model}` };
    }
    case 'draft':
      return { ...base, step: 'review', outcome: 'draft', reason: `draft reply requested from ${attempt.model}` };
    case 'reviewer-reroute': {
      const reviewer = review?.resolution?.reviewer ?? 'the reviewer';
      return { ...base, step: 'route', outcome: attempt.model, reason: `rerouted to ${attempt.model} by ${reviewer}` };
    }
    case 'review-timeout':
      return {
        ...base,
        step: 'route',
        outcome: attempt.model,
        reason: `review deadline passed: the policy sends the request to ${attempt.model}`,
      };
    case 'degrade':
      return { ...base, step: 'route', outcome: attempt.model, reason: `degrade: reduced scope on ${attempt.model}` };
    default:
      return null;
  }
}

/** Where an attempt's steps come from: its close event (or its scheduling, while it runs). */
function attemptStepPlace(attempt: AuditAttempt): Pick<AuditStep, 'at' | 'source' | 'eventId'> {
  return {
    at: attempt.closedAt ?? attempt.scheduledAt,
    source: 'history',
    eventId: attempt.eventIds.closed ?? attempt.eventIds.scheduled,
  };
}

function attemptStep(attempt: AuditAttempt): AuditStep {
  const base = { step: 'attempt', ...attemptStepPlace(attempt) };
  if (attempt.status === 'running')
    return { ...base, outcome: 'running', reason: `attempt ${attempt.n} ${attempt.role}/${attempt.model}: in flight` };
  if (attempt.status === 'canceled')
    return { ...base, outcome: 'canceled', reason: `attempt ${attempt.n} ${attempt.role}/${attempt.model}: canceled` };
  const record: AttemptRecord = {
    n: attempt.n,
    model: attempt.model,
    provider: attempt.provider,
    role: attempt.role,
    ok: attempt.status === 'ok',
    errorKind: attempt.errorKind,
    errorType: attempt.errorType,
    message: attempt.message,
    status: attempt.httpStatus,
    retryAfterMs: attempt.retryAfterMs,
    formatFailure: attempt.formatFailure,
    latencyMs: attempt.latencyMs ?? attempt.durationMs ?? 0,
    inputTokens: attempt.inputTokens,
    outputTokens: attempt.outputTokens,
    costUsd: attempt.costUsd,
  };
  const entry = attemptEntry(record);
  return { ...base, outcome: attempt.status === 'timed-out' ? 'timed-out' : entry.outcome, reason: entry.reason };
}

function reviewSteps(review: AuditReview, events: AuditEvent[]): AuditStep[] {
  const steps: AuditStep[] = [];
  const timer = events.find((event) => event.kind === 'timer-started' && event.at === review.requestedAt);
  if (review.requestedAt) {
    const deadline = review.deadlineMs === null ? '' : `; deadline ${formatDurationMs(review.deadlineMs)}`;
    steps.push({
      step: 'review',
      at: review.requestedAt,
      outcome: 'requested',
      reason: review.reason ?? `waiting for a person${deadline}`,
      source: review.reason ? (review.reasonSource ?? 'history') : 'history',
      ...eventId(timer?.id ?? null),
    });
  }
  for (const message of review.messages) {
    const target = message.model ? ` → ${message.model}` : '';
    const client = message.identity ? `, client ${message.identity}` : '';
    steps.push({
      step: 'review',
      at: message.at,
      outcome: message.accepted ? (message.decision ?? 'decided') : `${message.via}-ignored`,
      reason: message.accepted
        ? `${message.decision}${target} by ${message.reviewer} via ${message.via}${client}`
        : `${message.problem ?? 'invalid decision'} (${message.via}${client})`,
      source: 'history',
      eventId: message.eventId,
    });
  }
  if (review.timedOut) {
    const fired = events.find((event) => event.kind === 'timer-fired' && event.at === review.timedOutAt);
    const deadline = review.deadlineMs === null ? '' : ` within ${formatDurationMs(review.deadlineMs)}`;
    steps.push({
      step: 'review',
      at: review.timedOutAt ?? '',
      outcome: 'timeout',
      reason: `no decision${deadline} (deadline timer fired)`,
      source: 'history',
      ...eventId(fired?.id ?? null),
    });
  }
  return steps;
}

function endingSteps(facts: StepFacts): AuditStep[] {
  const closed = facts.closed;
  if (!closed) return [];
  const base = { at: closed.at, eventId: closed.id };
  if (closed.status !== 'completed') {
    const reason = closed.failure?.message ?? closed.reason ?? `workflow ${closed.status}`;
    return [{ ...base, step: 'closed', outcome: closed.status, reason, source: 'history' }];
  }
  const last = facts.result?.trail.at(-1);
  if (last) return [{ ...base, step: last.step, outcome: last.outcome, reason: last.reason, source: 'completion' }];
  return [
    {
      ...base,
      step: 'outcome',
      outcome: facts.outcome ?? 'unknown',
      reason: 'outcome from the SwitchyardOutcome search attribute; the result payload was not readable',
      source: 'history',
    },
  ];
}

function eventId(id: number | null): { eventId?: number } {
  return id === null ? {} : { eventId: id };
}
