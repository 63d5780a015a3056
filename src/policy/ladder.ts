import type { Candidate, RoutePlan } from './decide-route.js';
import type { Policy } from './schema.js';
import type { AttemptRecord, AttemptRole } from './types.js';

/** Below this much deadline left, another attempt is not started. @default 250 ms */
export const MIN_ATTEMPT_MS = 250;

/** Per-attempt limits handed to the model call, ms. */
export interface AttemptTimeouts {
  totalMs: number;
  firstTokenMs: number;
  idleMs: number;
}

/** What the ladder knows after each attempt. Plain data, replaced (never mutated) at each step. */
export interface LadderState {
  plan: RoutePlan;
  /** Workflow time when the request started, epoch ms. */
  startedAtMs: number;
  attempts: AttemptRecord[];
  /** Index into plan.candidates of the model last called, or -1 before the first call. */
  candidateIndex: number;
  /** Attempts made on that candidate. */
  triesOnCandidate: number;
  spentUsd: number;
}

/** The next thing the workflow must do: a decision as a value. */
export type LadderStep =
  | {
      kind: 'call';
      candidate: Candidate;
      candidateIndex: number;
      role: Extract<AttemptRole, 'primary' | 'retry' | 'fallback'>;
      /** Wait before calling (Retry-After), ms. */
      delayMs: number;
      timeouts: AttemptTimeouts;
      reason: string;
      /** Candidates passed over on the way, with reasons (budget, context). */
      skipped: { model: string; reason: string }[];
    }
  | { kind: 'answer'; attempt: AttemptRecord }
  | { kind: 'review'; reason: string }
  | { kind: 'degrade'; reason: string };

export function startLadder(plan: RoutePlan, startedAtMs: number): LadderState {
  return { plan, startedAtMs, attempts: [], candidateIndex: -1, triesOnCandidate: 0, spentUsd: 0 };
}

/** Folds an attempt made for `step` into the state. */
export function recordAttempt(
  state: LadderState,
  step: Extract<LadderStep, { kind: 'call' }>,
  attempt: AttemptRecord,
): LadderState {
  const sameCandidate = step.candidateIndex === state.candidateIndex;
  return {
    ...state,
    attempts: [...state.attempts, attempt],
    candidateIndex: step.candidateIndex,
    triesOnCandidate: sameCandidate ? state.triesOnCandidate + 1 : 1,
    spentUsd: state.spentUsd + attempt.costUsd,
  };
}

/**
 * The failure ladder: primary → one retry on a transient error (honouring Retry-After within the
 * deadline) → fallbacks (within data class and budget; a larger context after a context-length error)
 * → review or degrade. Policy-blocked failures are never retried nor sent elsewhere.
 */
export function nextStep(state: LadderState, policy: Policy, nowMs: number): LadderStep {
  const last = state.attempts.at(-1);
  if (!last) {
    if (state.plan.candidates.length === 0)
      return exhausted(state, policy, 'no model of the route may take this request');
    return callOrStop(state, policy, nowMs, 0, 'primary', 0, 'primary model', []);
  }
  if (last.ok) return { kind: 'answer', attempt: last };
  const failures = state.attempts.filter((attempt) => !attempt.ok).length;
  const afterFailed = policy.review.when.afterFailedAttempts;
  if (last.errorKind === 'policy-blocked') {
    const reason = `${last.model} blocked the request (${last.errorType}); not retried, not sent elsewhere`;
    return policy.review.when.onPolicyBlocked ? { kind: 'review', reason } : { kind: 'degrade', reason };
  }
  if (afterFailed !== undefined && failures >= afterFailed) {
    return { kind: 'review', reason: `${failures} failed attempts (review after ${afterFailed})` };
  }
  const current = state.plan.candidates[state.candidateIndex];
  if (last.errorKind === 'transient' && current && state.triesOnCandidate <= state.plan.limits.retries) {
    const delayMs = last.retryAfterMs ?? state.plan.limits.retryDelayMs;
    const remaining = remainingMs(state, nowMs);
    if (remaining - delayMs >= MIN_ATTEMPT_MS) {
      const source = last.retryAfterMs === null ? 'backoff' : 'Retry-After';
      const wait = delayMs > 0 ? ` after ${source} ${delayMs} ms` : '';
      const reason = `transient ${last.errorType} on ${current.model}: retry${wait}`;
      return callOrStop(state, policy, nowMs, state.candidateIndex, 'retry', delayMs, reason, []);
    }
    const skippedRetry = `retry after ${delayMs} ms would exceed the ${Math.max(0, remaining)} ms left`;
    return fallback(state, policy, nowMs, last, [{ model: current.model, reason: skippedRetry }]);
  }
  return fallback(state, policy, nowMs, last, []);
}

function fallback(
  state: LadderState,
  policy: Policy,
  nowMs: number,
  last: AttemptRecord,
  skipped: { model: string; reason: string }[],
): LadderStep {
  const failed = state.plan.candidates[state.candidateIndex];
  const maxCost = state.plan.maxCostUsd;
  for (let index = state.candidateIndex + 1; index < state.plan.candidates.length; index += 1) {
    const candidate = state.plan.candidates[index]!;
    if (last.errorType === 'ContextLengthExceeded' && failed && candidate.contextTokens <= failed.contextTokens) {
      skipped.push({ model: candidate.model, reason: `context window ${candidate.contextTokens} is not larger` });
      continue;
    }
    if (maxCost !== null && state.spentUsd + candidate.worstCaseCostUsd > maxCost) {
      const reason = `spent $${state.spentUsd.toFixed(6)} + up to $${candidate.worstCaseCostUsd.toFixed(6)} > cap $${maxCost}`;
      skipped.push({ model: candidate.model, reason });
      continue;
    }
    const why = `${last.model} failed (${last.errorKind} ${last.errorType})`;
    return callOrStop(state, policy, nowMs, index, 'fallback', 0, `${why}: fall back to ${candidate.model}`, skipped);
  }
  const tried = new Set(state.attempts.map((attempt) => attempt.model)).size;
  const reason = `all ${tried} model(s) tried failed; last: ${last.model} ${last.errorType}`;
  return exhausted(state, policy, skipped.length > 0 ? `${reason}; skipped ${formatSkipped(skipped)}` : reason);
}

function callOrStop(
  state: LadderState,
  policy: Policy,
  nowMs: number,
  candidateIndex: number,
  role: 'primary' | 'retry' | 'fallback',
  delayMs: number,
  reason: string,
  skipped: { model: string; reason: string }[],
): LadderStep {
  const candidate = state.plan.candidates[candidateIndex]!;
  const remaining = remainingMs(state, nowMs) - delayMs;
  if (remaining < MIN_ATTEMPT_MS) {
    const elapsed = nowMs - state.startedAtMs;
    return exhausted(state, policy, `deadline of ${state.plan.limits.deadlineMs} ms reached (${elapsed} ms elapsed)`);
  }
  const limits = state.plan.limits;
  const totalMs = Math.min(limits.timeoutMs, remaining);
  const timeouts = {
    totalMs,
    firstTokenMs: Math.min(limits.firstTokenTimeoutMs, totalMs),
    idleMs: Math.min(limits.idleTimeoutMs, totalMs),
  };
  return { kind: 'call', candidate, candidateIndex, role, delayMs, timeouts, reason, skipped };
}

function exhausted(state: LadderState, policy: Policy, reason: string): LadderStep {
  const noCandidates = state.plan.candidates.length === 0;
  const privacyOnly = noCandidates && state.plan.excluded.some((exclusion) => exclusion.cause === 'privacy');
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

export function remainingMs(state: LadderState, nowMs: number): number {
  return state.plan.limits.deadlineMs - (nowMs - state.startedAtMs);
}

function formatSkipped(items: readonly { model: string; reason: string }[]): string {
  return items.map((item) => `${item.model} (${item.reason})`).join(', ');
}
