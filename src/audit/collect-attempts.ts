import type { CallModelInput, CallModelOutput, ModelFailureDetails } from '../../activities/types.js';
import { errorKindOf } from '../policy/error-kinds.js';
import { FAST_PATH_BOUNDARY } from '../policy/fast-path.js';
import { repairedEntry, repairFailedEntry } from '../policy/repair-trail.js';
import type { Policy } from '../policy/schema.js';
import type { AttemptRole } from '../policy/types.js';
import type { AuditEvent, EventOf } from './audit-events.js';
import { type AuditAttempt, NO_ATTEMPT_FACTS, timedOutFacts } from './audit-types.js';
import { isLocalAttempt, localAttempt } from './local-attempt.js';

/** How older histories named an attempt's model (the policy travelled with the request then). */
type RecordedCallInput = Partial<CallModelInput> & { providerKey?: string; model?: { id?: string } };

/** The attempts of a request from its callModel activities; `policy` names providers and model ids. */
export function collectAttempts(
  events: AuditEvent[],
  reviewTimerIds: ReadonlySet<string>,
  policy: Policy | null = null,
): AuditAttempt[] {
  const attempts: AuditAttempt[] = [];
  const timers = new Map<string, EventOf<'timer-started'>>();
  let firedWait: EventOf<'timer-started'> | null = null;
  for (const event of events) {
    // The fast path's task boundary (workflows/fast-attempt.ts) is no wait before an attempt.
    if (event.kind === 'timer-started' && event.summary !== FAST_PATH_BOUNDARY) timers.set(event.timerId, event);
    if (event.kind === 'timer-fired' && !reviewTimerIds.has(event.timerId))
      firedWait = timers.get(event.timerId) ?? null;
    // The fast path's first attempt is a local-activity marker; every other attempt a callModel activity.
    if (isLocalAttempt(event)) {
      attempts.push(localAttempt(event, attempts.length + 1, policy));
      continue;
    }
    if (event.kind !== 'activity-scheduled' || event.activityType !== 'callModel') continue;
    const attempt = scheduledAttempt(event, events, attempts.length + 1, policy);
    if (firedWait) attempt.waitedMs = firedWait.durationMs;
    firedWait = null;
    const previous = attempts.at(-1);
    if (attempt.role === 'retry' && previous?.retryAfterMs != null)
      attempt.retryAfterHonoured = (attempt.waitedMs ?? 0) >= previous.retryAfterMs;
    attempts.push(attempt);
  }
  return attempts;
}

function scheduledAttempt(
  scheduled: EventOf<'activity-scheduled'>,
  events: AuditEvent[],
  index: number,
  policy: Policy | null,
): AuditAttempt {
  const input = (scheduled.input ?? {}) as RecordedCallInput;
  const registered = input.modelKey === undefined ? undefined : policy?.models[input.modelKey];
  const started = events.find(
    (event): event is EventOf<'activity-started'> =>
      event.kind === 'activity-started' && event.scheduledId === scheduled.id,
  );
  const closed = events.find(
    (event) =>
      (event.kind === 'activity-completed' ||
        event.kind === 'activity-failed' ||
        event.kind === 'activity-timed-out' ||
        event.kind === 'activity-canceled') &&
      event.scheduledId === scheduled.id,
  );
  const attempt: AuditAttempt = {
    n: input.n ?? index,
    role: (input.role ?? 'primary') as AttemptRole,
    model: input.modelKey ?? '?',
    provider: input.providerKey ?? registered?.provider ?? '?',
    modelId: input.model?.id ?? registered?.id ?? null,
    status: 'running',
    scheduledAt: scheduled.at,
    startedAt: started?.at ?? null,
    closedAt: closed?.at ?? null,
    durationMs: started && closed ? Date.parse(closed.at) - Date.parse(started.at) : null,
    ...NO_ATTEMPT_FACTS,
    timeoutMs: input.timeouts?.timeoutMs ?? (input.timeouts as { totalMs?: number } | undefined)?.totalMs ?? null,
    worker: started?.identity ?? null,
    eventIds: { scheduled: scheduled.id, closed: closed?.id ?? null },
  };
  if (!closed) return attempt;
  if (closed.kind === 'activity-completed') {
    const output = (closed.result ?? {}) as Partial<CallModelOutput>;
    return {
      ...attempt,
      status: 'ok',
      latencyMs: output.latencyMs ?? null,
      inputTokens: output.inputTokens ?? 0,
      outputTokens: output.outputTokens ?? 0,
      costUsd: output.costUsd ?? 0,
      ...(output.repaired ? { repair: repairedEntry(attempt, output.repaired) } : {}),
    };
  }
  if (closed.kind === 'activity-canceled') return { ...attempt, status: 'canceled' };
  if (closed.kind === 'activity-timed-out') {
    return { ...attempt, ...timedOutFacts(closed.failure?.timeoutType), latencyMs: attempt.durationMs };
  }
  // An ApplicationFailure from the activity: the activity failure's cause carries type and details.
  const failure = closed.kind === 'activity-failed' ? closed.failure : null;
  const cause = failure?.type === 'ActivityFailure' && failure.cause ? failure.cause : failure;
  const details = (cause?.details[0] ?? {}) as Partial<ModelFailureDetails>;
  const type = cause?.type ?? 'Unknown';
  return {
    ...attempt,
    status: 'failed',
    errorType: type,
    errorKind: details.kind ?? errorKindOf(type),
    message: cause?.message?.slice(0, 300) ?? null,
    httpStatus: details.status ?? null,
    retryAfterMs: details.retryAfterMs ?? null,
    formatFailure: details.formatFailure ?? false,
    latencyMs: details.latencyMs === undefined ? attempt.durationMs : Math.round(details.latencyMs),
    inputTokens: details.inputTokens ?? 0,
    outputTokens: details.outputTokens ?? 0,
    costUsd: details.costUsd ?? 0,
    ...(details.repairFailed ? { repair: repairFailedEntry(attempt, details.repairFailed) } : {}),
  };
}
