import { attemptBudget } from './attempt-budget.js';
import { errorClassOf } from './error-kinds.js';
import { refitAfterError } from './fit-plan.js';
import type { FitDecision } from './fit-prompt.js';
import { type LadderState, type LadderStep, MIN_ATTEMPT_MS } from './ladder-state.js';
import type { Policy } from './schema.js';
import type { AttemptRecord } from './types.js';

export {
  type AttemptTimeouts,
  type LadderState,
  type LadderStep,
  MIN_ATTEMPT_MS,
  recordAttempt,
  startLadder,
} from './ladder-state.js';

/** The error type of an attempt skipped at an open circuit breaker (docs/circuit-breaker.md). */
const CIRCUIT_OPEN = 'CircuitOpen';

/**
 * The failure ladder: primary → retries on a transient error whose class the route's `onError` retries (up to
 * `retries`, honouring a Retry-After up to `maxRetryAfterMs` within the deadline) → fallbacks (within data class
 * and budget; a larger context after a context-length error) → review or degrade. Policy-blocked failures are
 * never retried nor sent elsewhere.
 */
export function nextStep(state: LadderState, policy: Policy, nowMs: number): LadderStep {
  const last = state.attempts.at(-1);
  if (!last) {
    if (state.plan.candidates.length === 0)
      return exhausted(state, policy, 'no model of the route may take this request');
    const skipped: { model: string; reason: string }[] = [];
    const primary = callOrStop(state, policy, nowMs, 0, 'primary', 0, 'primary model', skipped);
    return primary ?? firstAffordable(state, policy, nowMs, 1, 'primary model over the cost cap', skipped);
  }
  if (last.ok) return { kind: 'answer', attempt: last };
  // An attempt skipped at an open circuit never reached the provider: not a failed attempt.
  const failures = state.attempts.filter((attempt) => !attempt.ok && attempt.errorType !== CIRCUIT_OPEN).length;
  const afterFailed = policy.review.when.afterFailedAttempts;
  if (last.errorKind === 'policy-blocked') {
    const reason = `${last.model} blocked the request (${last.errorType}); not retried, not sent elsewhere`;
    if (policy.review.when.onPolicyBlocked) return { kind: 'review', reason, policyBlocked: true };
    return state.failoverByKind ? { kind: 'degrade', reason, policyBlocked: true } : { kind: 'degrade', reason };
  }
  if (afterFailed !== undefined && failures >= afterFailed) {
    return { kind: 'review', reason: `${failures} failed attempts (review after ${afterFailed})` };
  }
  const current = state.plan.candidates[state.candidateIndex];
  if (last.errorKind === 'transient' && current && state.failoverByKind) {
    const failOver = failOverAtOnce(state, last);
    if (failOver !== null) return fallback(state, policy, nowMs, last, [], failOver);
  }
  if (last.errorKind === 'transient' && current && state.triesOnCandidate <= state.plan.limits.retries) {
    const delayMs = last.retryAfterMs ?? state.plan.limits.retryDelayMs;
    const remaining = remainingMs(state, nowMs);
    if (remaining - delayMs >= MIN_ATTEMPT_MS) {
      const source = last.retryAfterMs === null ? 'backoff' : 'Retry-After';
      const wait = delayMs > 0 ? ` after ${source} ${delayMs} ms` : '';
      const reason = `transient ${last.errorType} on ${current.model}: retry${wait}`;
      const skipped: { model: string; reason: string }[] = [];
      const retry = callOrStop(state, policy, nowMs, state.candidateIndex, 'retry', delayMs, reason, skipped);
      return retry ? adjustedAfterFormatFailure(state, last, retry) : fallback(state, policy, nowMs, last, skipped);
    }
    const skippedRetry = `retry after ${delayMs} ms would exceed the ${Math.max(0, remaining)} ms left`;
    return fallback(state, policy, nowMs, last, [{ model: current.model, reason: skippedRetry }]);
  }
  const sent = { targetTokens: state.fittedTokens ?? null, refitted: state.refitted === true };
  const refit = current
    ? refitAfterError(state.plan.fitPrompt, last, { ...sent, inputTokens: state.plan.inputTokens })
    : null;
  if (current && refit) {
    const reason = `context length exceeded on ${current.model}: ${refit.strategy} to ~${refit.targetTokens} tokens, retry`;
    const retry = callOrStop(state, policy, nowMs, state.candidateIndex, 'retry', 0, reason, [], refit);
    if (retry) return retry;
  }
  return fallback(state, policy, nowMs, last, []);
}

/**
 * Why a transient failure skips the retry and fails over at once (the route's `onError` says `fallback` for its
 * class, or its Retry-After is longer than `maxRetryAfterMs`); null when the retry rules apply.
 */
function failOverAtOnce(state: LadderState, last: AttemptRecord): string | null {
  const { onError, maxRetryAfterMs } = state.plan.limits;
  const errorClass = errorClassOf(last.errorType ?? '');
  // A transient type without a class (a newer worker's) is retried, as every transient error once was.
  if (errorClass !== null && onError[errorClass] === 'fallback') return `onError.${errorClass}: fail over at once`;
  if (last.retryAfterMs !== null && last.retryAfterMs > maxRetryAfterMs) {
    return `Retry-After ${last.retryAfterMs} ms is over maxRetryAfterMs ${maxRetryAfterMs}: fail over at once`;
  }
  return null;
}

function fallback(
  state: LadderState,
  policy: Policy,
  nowMs: number,
  last: AttemptRecord,
  skipped: { model: string; reason: string }[],
  note: string | null = null,
): LadderStep {
  const failed = state.plan.candidates[state.candidateIndex];
  const maxCost = state.plan.maxCostUsd;
  for (let index = state.candidateIndex + 1; index < state.plan.candidates.length; index += 1) {
    const candidate = state.plan.candidates[index]!;
    if (last.errorType === 'ContextLengthExceeded' && failed && candidate.contextTokens <= failed.contextTokens) {
      skipped.push({ model: candidate.model, reason: `context window ${candidate.contextTokens} is not larger` });
      continue;
    }
    if (!state.capEveryAttempt && maxCost !== null && state.spentUsd + candidate.worstCaseCostUsd > maxCost) {
      const reason = `spent $${state.spentUsd.toFixed(6)} + up to $${candidate.worstCaseCostUsd.toFixed(6)} > cap $${maxCost}`;
      skipped.push({ model: candidate.model, reason });
      continue;
    }
    const why =
      last.errorType === CIRCUIT_OPEN
        ? `${last.model} skipped (${last.message ?? 'circuit open'})`
        : `${last.model} failed (${last.errorKind} ${last.errorType}${note === null ? '' : `; ${note}`})`;
    const step = callOrStop(
      state,
      policy,
      nowMs,
      index,
      'fallback',
      0,
      `${why}: fall back to ${candidate.model}`,
      skipped,
    );
    if (step) return step;
  }
  const sent = state.attempts.filter((attempt) => attempt.errorType !== CIRCUIT_OPEN);
  const open = new Set(state.attempts.filter((a) => a.errorType === CIRCUIT_OPEN).map((a) => a.model));
  const tried = new Set(sent.map((attempt) => attempt.model)).size;
  const lastFailure = `last: ${last.model} ${last.errorType}${note === null ? '' : ` (${note})`}`;
  const reason =
    open.size === 0
      ? `all ${tried} model(s) tried failed; ${lastFailure}`
      : `all ${tried + open.size} model(s) failed or were skipped (open circuit: ${[...open].join(', ')}); ${lastFailure}`;
  return exhausted(state, policy, skipped.length > 0 ? `${reason}; skipped ${formatSkipped(skipped)}` : reason);
}

/** The first candidate from `fromIndex` on whose attempt fits the cost cap, as a fallback; else exhausted. */
function firstAffordable(
  state: LadderState,
  policy: Policy,
  nowMs: number,
  fromIndex: number,
  why: string,
  skipped: { model: string; reason: string }[],
): LadderStep {
  for (let index = fromIndex; index < state.plan.candidates.length; index += 1) {
    const model = state.plan.candidates[index]!.model;
    const step = callOrStop(state, policy, nowMs, index, 'fallback', 0, `${why}: fall back to ${model}`, skipped);
    if (step) return step;
  }
  return exhausted(state, policy, `no model fits the cost cap; skipped ${formatSkipped(skipped)}`);
}

/**
 * The call step for one candidate, or a stop when the deadline is reached. Returns null (and notes why in
 * `skipped`) when the attempt's worst case does not fit the cost cap even with a lowered output cap.
 */
function callOrStop(
  state: LadderState,
  policy: Policy,
  nowMs: number,
  candidateIndex: number,
  role: 'primary' | 'retry' | 'fallback',
  delayMs: number,
  reason: string,
  skipped: { model: string; reason: string }[],
  fit: FitDecision | undefined = state.plan.candidates[candidateIndex]?.fit,
): LadderStep | null {
  const candidate = state.plan.candidates[candidateIndex]!;
  let maxOutputTokens = candidate.maxOutputTokens;
  let worstCaseUsd = candidate.worstCaseCostUsd;
  let why = reason;
  const model = policy.models[candidate.model];
  if (state.capEveryAttempt && model) {
    const budget = attemptBudget(state.plan, candidate, model, state, fit?.targetTokens);
    if (!budget.ok) {
      skipped.push({ model: candidate.model, reason: budget.reason });
      return null;
    }
    maxOutputTokens = budget.maxOutputTokens;
    worstCaseUsd = budget.worstCaseUsd;
    if (budget.capped) why = `${reason}; output capped at ${maxOutputTokens} tokens to stay within the cost cap`;
  }
  const remaining = remainingMs(state, nowMs) - delayMs;
  if (remaining < MIN_ATTEMPT_MS) {
    const elapsed = nowMs - state.startedAtMs;
    return exhausted(state, policy, `deadline of ${state.plan.limits.deadlineMs} ms reached (${elapsed} ms elapsed)`);
  }
  const limits = state.plan.limits;
  const timeoutMs = Math.min(limits.timeoutMs, remaining);
  const timeouts = {
    timeoutMs,
    firstTokenTimeoutMs: Math.min(limits.firstTokenTimeoutMs, timeoutMs),
    idleTimeoutMs: Math.min(limits.idleTimeoutMs, timeoutMs),
  };
  return {
    kind: 'call',
    candidate,
    candidateIndex,
    role,
    maxOutputTokens,
    delayMs,
    timeouts,
    reason: why,
    skipped,
    worstCaseUsd,
    ...(fit ? { fit } : {}),
  };
}

/**
 * `onExhausted: cheaper`: the next candidate after `afterIndex` (the ladder's fallback order, already narrowed to
 * the request's data class) whose attempt costs less at worst than `refusedUsd`, as a fallback call; null when none.
 */
export function cheaperStep(
  state: LadderState,
  policy: Policy,
  nowMs: number,
  afterIndex: number,
  refusedUsd: number,
  reason: string,
): LadderStep | null {
  return stepDown(state, policy, nowMs, afterIndex, `${reason}: try cheaper`, (step) =>
    step.worstCaseUsd < refusedUsd ? null : `not cheaper (up to $${step.worstCaseUsd.toFixed(6)})`,
  );
}

/**
 * The next candidate after `afterIndex` that the ladder allows (data class, limits) and `accept` takes (it returns
 * null to take a step, else why not), as a fallback step; a terminal step when the ladder ends; null when none.
 */
export function stepDown(
  state: LadderState,
  policy: Policy,
  nowMs: number,
  afterIndex: number,
  reason: string,
  accept: (step: Extract<LadderStep, { kind: 'call' }>) => string | null,
): LadderStep | null {
  const skipped: { model: string; reason: string }[] = [];
  for (let index = afterIndex + 1; index < state.plan.candidates.length; index += 1) {
    const model = state.plan.candidates[index]!.model;
    const step = callOrStop(state, policy, nowMs, index, 'fallback', 0, `${reason} ${model}`, skipped);
    if (step === null) continue;
    if (step.kind !== 'call') return step;
    const refusal = accept(step);
    if (refusal === null) return step;
    skipped.push({ model, reason: refusal });
  }
  return null;
}

function exhausted(state: LadderState, policy: Policy, reason: string): LadderStep {
  const noCandidates = state.plan.candidates.length === 0;
  // Data residency (region) is a privacy rule too: with no allowed provider, never send anyway.
  const privacyOnly =
    noCandidates &&
    state.plan.excluded.some((exclusion) => exclusion.cause === 'privacy' || exclusion.cause === 'region');
  if (privacyOnly) {
    const why = `${reason}: ${formatSkipped(state.plan.excluded)}`;
    return policy.privacy.onNoAllowedProvider === 'review'
      ? { kind: 'review', reason: why }
      : { kind: 'degrade', reason: why };
  }
  const why =
    noCandidates && state.plan.excluded.length > 0 ? `${reason}: ${formatSkipped(state.plan.excluded)}` : reason;
  return policy.review.when.onExhausted ? { kind: 'review', reason: why } : { kind: 'degrade', reason: why };
}

/**
 * A retry after a format failure on a route with `adjustedRetry` is marked `adjusted` (the workflow sends it with
 * the adjusted decoding values and format instruction); any other step is returned as it is.
 */
function adjustedAfterFormatFailure(state: LadderState, last: AttemptRecord, step: LadderStep): LadderStep {
  const adjusted = state.plan.adjustedRetry;
  if (step.kind !== 'call' || !last.formatFailure || !adjusted) return step;
  const changes = [
    ...(adjusted.temperature === undefined ? [] : [`temperature ${adjusted.temperature}`]),
    ...(adjusted.topP === undefined ? [] : [`topP ${adjusted.topP}`]),
    ...(adjusted.strictFormat ? ['stricter format instruction'] : []),
    ...(adjusted.schemaTool ? ['schema as a tool where the model takes tools'] : []),
  ];
  return { ...step, adjusted: true, reason: `${step.reason}; adjusted: ${changes.join(', ') || 'nothing to change'}` };
}

export function remainingMs(state: LadderState, nowMs: number): number {
  return state.plan.limits.deadlineMs - (nowMs - state.startedAtMs);
}

function formatSkipped(items: readonly { model: string; reason: string }[]): string {
  return items.map((item) => `${item.model} (${item.reason})`).join(', ');
}
