import type { LocalCallFailureDetails, LocalCallOutput, RecordedCall } from '../../activities/call-model-locally.js';
import type { FirstAttemptRecord } from '../../activities/first-attempt.js';
import { errorKindOf } from '../policy/error-kinds.js';
import { LOCAL_CALL_ACTIVITY } from '../policy/fast-path.js';
import { repairedEntry, repairFailedEntry } from '../policy/repair-trail.js';
import type { Policy } from '../policy/schema.js';
import type { AuditEvent, EventOf } from './audit-events.js';
import { type AuditAttempt, NO_ATTEMPT_FACTS, timedOutFacts } from './audit-types.js';
import type { DecodedFailure } from './payloads.js';

/**
 * A fast-path attempt's marker: a `callModelLocally` local activity's, or the `resolvePolicy` marker whose result
 * holds the first attempt it made ahead (activities/first-attempt.ts).
 */
export function isLocalAttempt(event: AuditEvent): event is EventOf<'marker'> {
  if (event.kind !== 'marker') return false;
  return event.activityType === LOCAL_CALL_ACTIVITY || madeAhead(event) !== null;
}

/** The first attempt a `resolvePolicy` marker recorded, or null. */
function madeAhead(marker: EventOf<'marker'>): FirstAttemptRecord | null {
  if (marker.activityType !== 'resolvePolicy' || marker.failure) return null;
  return (marker.result as { first?: FirstAttemptRecord } | null)?.first ?? null;
}

/** A first attempt made ahead, read as the local-activity marker `callModelLocally` would have recorded. */
function asLocalMarker(marker: EventOf<'marker'>, first: FirstAttemptRecord): EventOf<'marker'> {
  const failure = first.failure;
  return {
    ...marker,
    activityType: LOCAL_CALL_ACTIVITY,
    result: first.result ?? null,
    failure: failure
      ? {
          message: failure.message,
          type: failure.timedOut ? 'Timeout' : failure.type,
          timeoutType: failure.timedOut ? 'START_TO_CLOSE' : null,
          nonRetryable: failure.nonRetryable,
          details: [failure.details],
          stackTrace: null,
          cause: null,
        }
      : null,
  };
}

/**
 * An attempt that ran on the fast path, from its local-activity marker: the same fields a regular attempt's
 * activity events give. The marker holds the result or failure, stamped with the call (number, role, model,
 * limit); its time is the completion of the workflow task that ran it, and the worker is that task's.
 */
export function localAttempt(recorded: EventOf<'marker'>, index: number, policy: Policy | null): AuditAttempt {
  const first = madeAhead(recorded);
  const marker = first ? asLocalMarker(recorded, first) : recorded;
  const failure =
    marker.failure?.type === 'ActivityFailure' && marker.failure.cause ? marker.failure.cause : marker.failure;
  const output = (marker.result ?? {}) as Partial<LocalCallOutput>;
  const details = (failure?.details[0] ?? {}) as Partial<LocalCallFailureDetails>;
  const call: Partial<RecordedCall> = (failure ? details.call : output.call) ?? {};
  const registered = call.modelKey === undefined ? undefined : policy?.models[call.modelKey];
  const attempt: AuditAttempt = {
    n: call.n ?? index,
    role: call.role ?? 'primary',
    model: call.modelKey ?? '?',
    provider: registered?.provider ?? '?',
    modelId: registered?.id ?? null,
    status: 'ok',
    scheduledAt: marker.at,
    startedAt: null,
    closedAt: marker.at,
    durationMs: null,
    ...NO_ATTEMPT_FACTS,
    timeoutMs: call.timeoutMs ?? null,
    worker: marker.identity ?? null,
    eventIds: { scheduled: marker.id, closed: marker.id },
    localActivity: true,
  };
  if (!failure) {
    return {
      ...attempt,
      latencyMs: output.latencyMs ?? null,
      inputTokens: output.inputTokens ?? 0,
      outputTokens: output.outputTokens ?? 0,
      costUsd: output.costUsd ?? 0,
      ...(output.repaired ? { repair: repairedEntry(attempt, output.repaired) } : {}),
    };
  }
  return failedLocally(attempt, failure, details);
}

function failedLocally(
  attempt: AuditAttempt,
  failure: DecodedFailure,
  details: Partial<LocalCallFailureDetails>,
): AuditAttempt {
  if (failure.type === 'Timeout') return { ...attempt, ...timedOutFacts(failure.timeoutType) };
  if (failure.type === 'Canceled') return { ...attempt, status: 'canceled' };
  return {
    ...attempt,
    status: 'failed',
    errorType: failure.type,
    errorKind: details.kind ?? errorKindOf(failure.type),
    message: failure.message.slice(0, 300),
    httpStatus: details.status ?? null,
    retryAfterMs: details.retryAfterMs ?? null,
    formatFailure: details.formatFailure ?? false,
    latencyMs: details.latencyMs === undefined ? null : Math.round(details.latencyMs),
    inputTokens: details.inputTokens ?? 0,
    outputTokens: details.outputTokens ?? 0,
    costUsd: details.costUsd ?? 0,
    ...(details.repairFailed ? { repair: repairFailedEntry(attempt, details.repairFailed) } : {}),
  };
}

/**
 * What a lost workflow task means for the fast path: a worker that died (or a task that failed) before the
 * fast-path marker was recorded may have made the model call already, and the next worker made it again. Only the
 * recorded call is in the attempts and the cost; this says how many more the provider may have seen.
 */
export function repeatedCallProblems(events: readonly AuditEvent[]): string[] {
  const marker = events.find(isLocalAttempt);
  if (!marker) return [];
  const lost = events.filter(
    (event) => (event.kind === 'task-timed-out' || event.kind === 'task-failed') && event.id < marker.id,
  ).length;
  if (lost === 0) return [];
  return [
    `fast path: ${lost} workflow task(s) lost before attempt 1 was recorded (event ${marker.id}): its model call may ` +
      `have reached the provider up to ${lost + 1} times; attempts and cost count the recorded call only`,
  ];
}
