import type { ResolvePolicyOutput } from '../../activities/types.js';
import type { AuditEvent } from '../audit/audit-events.js';
import { auditInput } from '../audit/audit-input.js';
import type { CallerFacts } from '../policy/access.js';
import type { Policy } from '../policy/schema.js';
import type { Classification, DataClass, PrivacyVerdict, RouteRequest, RouteResult } from '../policy/types.js';
import { isSuccess } from '../report/scorecard.js';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes.js';

/** What a finished request cost and whether it succeeded, from its recorded result. */
export interface RecordedOutcome {
  /** Recorded cost of every attempt, USD. */
  costUsd: number;
  /** An answer from a model or a person (the report's `isSuccess`). */
  success: boolean;
  /**
   * Provider-reported tokens of the answering attempt, else of the attempt that read the most input; null when
   * no model reported any (degraded before a call, human reply).
   */
  tokens: { input: number; output: number } | null;
}

/** One recorded routing request, as counterfactual replay reads it: decoded from its history alone. */
export interface ReplayRecord {
  workflowId: string;
  /** `running`, or how the workflow closed (`completed`, `failed`, `terminated`, …). */
  status: string;
  /** ISO start time. */
  startedAt: string;
  /** The request as the caller sent it (before the policy's `access` rules narrowed it). */
  request: RouteRequest;
  /** The active policy: the snapshot the worker recorded (or, in older histories, the input carried). */
  policy: Policy;
  policyHash: string;
  /**
   * The verified caller the worker recorded; null in histories from before workers owned policies (no access
   * rules ran then).
   */
  caller: CallerFacts | null;
  /** The recorded inspection: replay never re-classifies or re-scans. */
  classification: Classification;
  dataClass: DataClass;
  /** The route the workflow recorded (search attribute, else result); null when it never routed. */
  recordedRoute: string | null;
  /** Null while running, and for workflows that closed without a result. */
  outcome: RecordedOutcome | null;
}

/** A history replay cannot re-decide, and why. */
export interface SkippedRecord {
  workflowId: string;
  reason: string;
}

/**
 * The replay record of one routing workflow from its decoded history (decode-history.ts): the request and policy
 * from the start event and the resolvePolicy marker, the inspection from the inspectRequest marker (or the two
 * markers older histories have), the result from the completion. Pure.
 */
export function replayRecordOf(workflowId: string, events: readonly AuditEvent[]): ReplayRecord | SkippedRecord {
  const started = events.find((event) => event.kind === 'started');
  if (!started) return { workflowId, reason: 'history has no start event' };
  if (started.workflowType !== 'routeRequestWorkflow') return { workflowId, reason: 'not a routing workflow' };
  const resolved = markerResult<ResolvePolicyOutput>(events, 'resolvePolicy');
  const input = auditInput(started.input, resolved);
  if (!input) return { workflowId, reason: 'no recorded policy (refused before one was resolved)' };
  // Fast-path workers inspect inside resolvePolicy; others in the inspectRequest local activity.
  const inspection =
    resolved?.inspection ??
    markerResult<{ classification: Classification; privacy: PrivacyVerdict }>(events, 'inspectRequest');
  const classification = inspection?.classification ?? markerResult<Classification>(events, 'classifyRequest');
  const privacy = inspection?.privacy ?? markerResult<PrivacyVerdict>(events, 'checkPrivacy');
  if (!classification || !privacy) return { workflowId, reason: 'not inspected (refused before, or still starting)' };
  const closed = events.find((event) => event.kind === 'closed');
  // Before `worker-policy` the input carried the policy and no access rules ran.
  const legacy = typeof (started.input as { policy?: unknown } | null)?.policy === 'object';
  const result = closed?.status === 'completed' && isRouteResult(closed.result) ? closed.result : null;
  return {
    workflowId,
    status: closed?.status ?? 'running',
    startedAt: started.at,
    request: input.request,
    policy: input.policy,
    policyHash: input.policyHash,
    caller: legacy ? null : (resolved?.caller ?? { name: null, problem: null }),
    classification,
    dataClass: privacy.dataClass,
    recordedRoute: recordedRoute(events) ?? result?.route ?? null,
    outcome: result && outcomeOf(result),
  };
}

function outcomeOf(result: RouteResult): RecordedOutcome {
  const reported = result.attempts.filter((attempt) => attempt.inputTokens > 0 || attempt.outputTokens > 0);
  const largest = reported.reduce<(typeof reported)[number] | null>(
    (best, attempt) => (best === null || attempt.inputTokens > best.inputTokens ? attempt : best),
    null,
  );
  const tokens = result.usage
    ? { input: result.usage.inputTokens, output: result.usage.outputTokens }
    : largest && { input: largest.inputTokens, output: largest.outputTokens };
  return { costUsd: result.costUsd, success: isSuccess(result), tokens };
}

function recordedRoute(events: readonly AuditEvent[]): string | null {
  let route: string | null = null;
  for (const event of events) {
    const value = event.kind === 'upsert' ? event.attributes[SEARCH_ATTRIBUTES.route.name] : undefined;
    if (typeof value === 'string' && value !== '') route = value;
  }
  return route;
}

function markerResult<T>(events: readonly AuditEvent[], activityType: string): T | null {
  const marker = events.find((event) => event.kind === 'marker' && event.activityType === activityType);
  return marker?.kind === 'marker' && marker.failure === null && marker.result ? (marker.result as T) : null;
}

function isRouteResult(value: unknown): value is RouteResult {
  const result = value as Partial<RouteResult> | null;
  return (
    typeof result === 'object' &&
    result !== null &&
    typeof result.outcome === 'string' &&
    Array.isArray(result.attempts)
  );
}
