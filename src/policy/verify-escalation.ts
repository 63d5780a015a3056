import { type LadderState, type LadderStep, stepDown } from './ladder.js';
import type { Policy } from './schema.js';
import type { TrailEntry } from './types.js';
import type { CheckVerdict } from './verify-checks.js';
import type { VerifyConfig } from './verify-schema.js';

/** What the verifier decided about one answer: accept it, or call a stronger candidate instead. */
export type VerifyOutcome =
  | { kind: 'accept'; entry: TrailEntry }
  | { kind: 'escalate'; entry: TrailEntry; step: LadderStep };

/**
 * Folds the verdicts of an answer's checks (in order; the first failure ends them) into the outcome. A failure
 * escalates to `escalateTo` (or the next candidate) through the ladder's own rules (data class, cost cap,
 * deadline); when no candidate is left the answer stands, and the trail says it was not verified.
 */
export function verifyOutcome(
  state: LadderState,
  policy: Policy,
  nowMs: number,
  verify: VerifyConfig,
  verdicts: CheckVerdict[],
): VerifyOutcome {
  const checks = verdicts.map(({ outcome, reason }) => ({ outcome, reason }));
  const failed = verdicts.find((verdict) => verdict.outcome === 'fail');
  if (!failed) {
    const reason = verdicts.map((verdict) => verdict.reason).join('; ');
    return { kind: 'accept', entry: { step: 'verify', outcome: 'accept', reason, detail: { checks } } };
  }
  const step = escalationStep(state, policy, nowMs, verify, failed.reason);
  if (step === null || step.kind !== 'call') {
    const why = step === null ? 'no stronger candidate may take it' : `the ladder ends (${step.kind})`;
    const reason = `${failed.reason}; ${why}: answer kept unverified`;
    return { kind: 'accept', entry: { step: 'verify', outcome: 'unverified', reason, detail: { checks } } };
  }
  return {
    kind: 'escalate',
    entry: { step: 'verify', outcome: 'escalate', reason: failed.reason, detail: { checks, to: step.candidate.model } },
    step,
  };
}

/**
 * The call to escalate to after a failed check: `escalateTo` when it is a later candidate of the plan, else the
 * next candidate; a terminal step when the ladder ends (deadline); null when none may be called.
 */
export function escalationStep(
  state: LadderState,
  policy: Policy,
  nowMs: number,
  verify: VerifyConfig,
  reason: string,
): LadderStep | null {
  const target = verify.escalateTo;
  return stepDown(state, policy, nowMs, state.candidateIndex, `verify failed (${reason}): escalate to`, (step) =>
    target === undefined || step.candidate.model === target ? null : `not escalateTo ${target}`,
  );
}
