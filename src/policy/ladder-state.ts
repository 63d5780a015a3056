import type { Spending } from './attempt-budget.js';
import type { Candidate, RoutePlan } from './decide-route.js';
import type { FitDecision } from './fit-prompt.js';
import type { AttemptRecord, AttemptRole } from './types.js';

/** Below this much deadline left, another attempt is not started. @default 250 ms */
export const MIN_ATTEMPT_MS = 250;

/** Per-attempt limits handed to the model call, ms: the same names as the route's limits and the adapter's options. */
export interface AttemptTimeouts {
  /** Whole attempt. */
  timeoutMs: number;
  /** Request start to first token. */
  firstTokenTimeoutMs: number;
  /** Longest silence inside a stream. */
  idleTimeoutMs: number;
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
  /** Cost of every attempt of the request so far, including ones before this ladder (drafts, reroutes), USD. */
  spentUsd: number;
  /** Most input tokens a provider reported for this request. */
  reportedInputTokens: number;
  /**
   * Check every attempt (first, retry, fallback) against the cost cap and lower the output cap to fit. Off only
   * when replaying histories recorded before this rule, which checked fallbacks alone. @default true
   */
  capEveryAttempt: boolean;
  /**
   * React to a transient error as the route's `onError` says (retry, or fall back at once) and fail over at once
   * when Retry-After exceeds `maxRetryAfterMs`. Off only when replaying histories recorded before the
   * `failover-by-kind` change, which retried every transient error. @default true
   */
  failoverByKind: boolean;
  /** Input tokens the last attempt's prompt was fitted to (`fitPrompt`); null or absent: it was sent whole. */
  fittedTokens?: number | null;
  /** The current candidate was already retried with a shrunk prompt after a context-length error. @default false */
  refitted?: boolean;
}

/** The next thing the workflow must do: a decision as a value. */
export type LadderStep =
  | {
      kind: 'call';
      candidate: Candidate;
      candidateIndex: number;
      role: Extract<AttemptRole, 'primary' | 'retry' | 'fallback'>;
      /** Output cap for this attempt (`max_tokens`), tokens: lowered when the cost cap requires. */
      maxOutputTokens: number;
      /** Wait before calling (Retry-After), ms. */
      delayMs: number;
      timeouts: AttemptTimeouts;
      reason: string;
      /** Candidates passed over on the way, with reasons (budget, context). */
      skipped: { model: string; reason: string }[];
      /** Worst-case cost of this attempt (input estimate plus its output cap), USD: what a budget reserves. */
      worstCaseUsd: number;
      /** A retry after a format failure on a route with `adjustedRetry`: sent with the adjusted values. @default false */
      adjusted?: boolean;
      /** Shrink the prompt before the call (`fitPrompt`, docs/failover.md#fit-the-prompt); absent: send it whole. */
      fit?: FitDecision;
    }
  | { kind: 'answer'; attempt: AttemptRecord }
  /** `policyBlocked`: a provider refused the content; no other model sees it unless the policy opts in. */
  | { kind: 'review'; reason: string; policyBlocked?: boolean }
  | { kind: 'degrade'; reason: string; policyBlocked?: boolean };

/** A fresh ladder; `spending` carries what the request spent before it (drafts, earlier ladders). */
export function startLadder(
  plan: RoutePlan,
  startedAtMs: number,
  spending: Spending = { spentUsd: 0, reportedInputTokens: 0 },
  capEveryAttempt = true,
  failoverByKind = true,
): LadderState {
  return {
    plan,
    startedAtMs,
    attempts: [],
    candidateIndex: -1,
    triesOnCandidate: 0,
    ...spending,
    capEveryAttempt,
    failoverByKind,
  };
}

/** Folds an attempt made for `step` into the state. */
export function recordAttempt(
  state: LadderState,
  step: Extract<LadderStep, { kind: 'call' }>,
  attempt: AttemptRecord,
): LadderState {
  const sameCandidate = step.candidateIndex === state.candidateIndex;
  const refitted = step.fit?.cause === 'context-error' || (sameCandidate && state.refitted === true);
  return {
    ...state,
    attempts: [...state.attempts, attempt],
    candidateIndex: step.candidateIndex,
    triesOnCandidate: sameCandidate ? state.triesOnCandidate + 1 : 1,
    spentUsd: state.spentUsd + attempt.costUsd,
    reportedInputTokens: Math.max(state.reportedInputTokens, attempt.inputTokens),
    ...(step.fit || state.fittedTokens !== undefined ? { fittedTokens: step.fit?.targetTokens ?? null } : {}),
    ...(refitted || state.refitted !== undefined ? { refitted } : {}),
  };
}
