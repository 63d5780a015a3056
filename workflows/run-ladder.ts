import { sleep } from '@temporalio/workflow';
import type { HeldReservation } from '../activities/budget.js';
import type { SettleQuotaInput } from '../activities/quota.js';
import { spendingOf } from '../src/policy/attempt-budget.js';
import type { RoutePlan } from '../src/policy/decide-route.js';
import { nextStep, recordAttempt, startLadder } from '../src/policy/ladder.js';
import { toolsOf, withSystemPrompt } from '../src/policy/model-call-parts.js';
import type { StreamTicket } from '../src/policy/stream-ticket.js';
import { attemptEntry, callEntry } from '../src/policy/trail-text.js';
import type { AttemptRole } from '../src/policy/types.js';
import { answerFactsRequest } from '../src/policy/verify-checks.js';
import { admitStep, type LadderEnd, stepCovered } from './admit-step.js';
import { attemptSettings } from './attempt-settings.js';
import { commitReservations } from './budget-guard.js';
import { callModelOnce, type ModelCall } from './call-model-once.js';
import { fastPathBoundary, fastPathFor } from './fast-attempt.js';
import { fittedPrompt } from './fit-step.js';
import { hedgePlanFor, runHedged } from './hedged-call.js';
import { watchForInterim } from './interim-watch.js';
import { settleQuotas } from './quota-guard.js';
import type { RouteRun } from './route-run.js';
import { drive, type Steps, wait } from './sync-steps.js';
import { verifierFor, verifyAnswer } from './verify-answer.js';

export type { LadderEnd } from './admit-step.js';

/**
 * Walks the failure ladder of a plan: each decision comes from `nextStep`, each attempt is its own
 * activity (maximumAttempts 1) so every try is an event in the history. Returns the terminal step.
 * `role` relabels the first call (draft, reviewer reroute, review timeout). Synchronous while nothing waits (a
 * first attempt made ahead that answers: workflows/sync-steps.ts), a promise from the first wait on.
 */
export function runLadder(
  run: RouteRun,
  plan: RoutePlan,
  role: AttemptRole = 'primary',
): LadderEnd | Promise<LadderEnd> {
  return drive(ladder(run, plan, role));
}

function* ladder(run: RouteRun, plan: RoutePlan, role: AttemptRole): Steps<LadderEnd> {
  const interim = watchForInterim(run, plan, role); // latest rules, routes with `interim` only
  let end: LadderEnd;
  try {
    end = yield* walkLadder(run, plan, role);
  } finally {
    interim.stop();
  }
  if (run.hasBackgroundWork()) yield* wait(run.drainBackground());
  return end;
}

function* walkLadder(run: RouteRun, plan: RoutePlan, role: AttemptRole): Steps<LadderEnd> {
  const policy = run.policy;
  let state = startLadder(plan, Date.now(), spendingOf(run.attempts), !run.legacy, run.failoverByKind);
  const verify = verifierFor(run, plan, role);
  // A verified answer reaches the client once accepted, never live.
  const stream = verify ? null : liveStream(run, plan, role);
  let failedLocally = false; // the last attempt failed on the fast path: see fastPathBoundary
  for (;;) {
    let step = nextStep(state, policy, Date.now());
    if (step.kind === 'answer' && verify) ({ step, state } = yield* wait(verifyAnswer(run, plan, verify, state, step)));
    if (step.kind !== 'call') return step;
    if (failedLocally && step.delayMs === 0) yield* wait(fastPathBoundary());
    failedLocally = false;
    let held: HeldReservation[] = [];
    let quotaSettle: SettleQuotaInput | null = null;
    if ((run.budgets || run.quotas) && stepCovered(run, plan, step)) {
      const admitted = yield* wait(admitStep(run, plan, state, step));
      if (admitted.kind !== 'call') return admitted;
      ({ step, held, quotaSettle } = admitted);
    }
    run.note(callEntry(step));
    if (step.delayMs > 0) {
      run.recordDecisions();
      yield* wait(sleep(step.delayMs));
    }
    // fitPrompt (docs/failover.md#fit-the-prompt): only plans decided under the latest rules carry fits.
    const fitted = step.fit ? yield* wait(fittedPrompt(run, plan, state, { ...step, fit: step.fit })) : null;
    if (fitted) state = fitted.state;
    run.phase = 'calling';
    const call: ModelCall = {
      modelKey: step.candidate.model,
      messages: withSystemPrompt(plan.system, fitted?.messages ?? run.request.messages),
      maxOutputTokens: step.maxOutputTokens,
      responseFormat: plan.responseFormat,
      timeouts: step.timeouts,
      role: step.role === 'primary' ? role : step.role,
      redact: step.candidate.redact,
      stream,
      ...toolsOf(run.request),
      ...(verify ? { answerFacts: answerFactsRequest(verify, plan, step.candidate.model) } : {}),
      ...attemptSettings(run, plan, step.candidate.model, step.adjusted),
    };
    // Hedged calls (difficulty routing): the request's first attempt, when nothing streams live to the client.
    const first = run.difficultyRouting && role === 'primary' && stream === null && state.attempts.length === 0;
    const hedge = first ? hedgePlanFor(run, plan) : null;
    if (hedge) {
      state = yield* wait(runHedged(run, plan, state, { step, call, held, quotaSettle }, hedge, callModelOnce));
      continue;
    }
    const local = fastPathFor(run, plan, role, state, step, false);
    const attempt = yield* settled(callModelOnce(run, local ? { ...call, local } : call));
    failedLocally = local && !attempt.ok;
    run.note(attemptEntry(attempt));
    settleQuotas(run, quotaSettle, attempt.costUsd);
    if (held.length > 0) yield* wait(commitReservations(held, attempt.costUsd));
    state = recordAttempt(state, step, attempt);
  }
}

/** A value that may already be there (an attempt made ahead): waits only for a promise. */
function* settled<T>(value: T | Promise<T>): Generator<Promise<T>, T, unknown> {
  return value instanceof Promise ? yield* wait(value) : value;
}

/**
 * The live-stream ticket for a ladder's attempts, or null. Only the request's own ladder streams, and only
 * when nothing stands between the model's answer and the client: no review first (upfront review, drafts,
 * reviewer reroutes reach the client through the result) and no response format to validate (a JSON
 * answer is sent once it validates).
 */
function liveStream(run: RouteRun, plan: RoutePlan, role: AttemptRole): StreamTicket | null {
  const ticket = run.input.stream;
  if (!ticket || role !== 'primary' || plan.upfrontReview !== null || plan.responseFormat !== null) return null;
  return ticket;
}
