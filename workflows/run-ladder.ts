import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  sleep,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { HeldReservation } from '../activities/budget.js';
import type { SwitchyardActivities } from '../activities/index.js';
import type { SettleQuotaInput } from '../activities/quota.js';
import type { AnswerFactsRequest, ModelFailureDetails } from '../activities/types.js';
import { spendingOf } from '../src/policy/attempt-budget.js';
import type { RoutePlan } from '../src/policy/decide-route.js';
import { errorKindOf } from '../src/policy/error-kinds.js';
import { type AttemptTimeouts, nextStep, recordAttempt, startLadder } from '../src/policy/ladder.js';
import { modelCallInput } from '../src/policy/model-call-input.js';
import { type ToolFields, toolsOf, withSystemPrompt } from '../src/policy/model-call-parts.js';
import type { StreamTicket } from '../src/policy/stream-ticket.js';
import { attemptEntry, callEntry } from '../src/policy/trail-text.js';
import type { AttemptRecord, AttemptRole, ChatMessage, ResponseFormat } from '../src/policy/types.js';
import { answerFactsRequest } from '../src/policy/verify-checks.js';
import { admitStep, type LadderEnd, stepCovered } from './admit-step.js';
import { repairedNote, repairFailedNote } from './attempt-repair.js';
import { type AttemptSettings, attemptSettings } from './attempt-settings.js';
import { commitReservations } from './budget-guard.js';
import { asActivityFailure, fastPathBoundary, fastPathFor, localCallModel } from './fast-attempt.js';
import { attemptMadeAhead } from './first-attempt.js';
import { fittedPrompt } from './fit-step.js';
import { hedgePlanFor, runHedged } from './hedged-call.js';
import { watchForInterim } from './interim-watch.js';
import { settleQuotas } from './quota-guard.js';
import type { RouteRun } from './route-run.js';
import { verifierFor, verifyAnswer } from './verify-answer.js';

/** Extra time Temporal allows past the adapter's own limit before it times the activity out, ms. */
const ACTIVITY_GRACE_MS = 2000;

export type { LadderEnd } from './admit-step.js';

/**
 * Walks the failure ladder of a plan: each decision comes from `nextStep`, each attempt is its own
 * activity (maximumAttempts 1) so every try is an event in the history. Returns the terminal step.
 * `role` relabels the first call (draft, reviewer reroute, review timeout).
 */
export async function runLadder(run: RouteRun, plan: RoutePlan, role: AttemptRole = 'primary'): Promise<LadderEnd> {
  const interim = watchForInterim(run, plan, role); // latest rules, routes with `interim` only
  let end: LadderEnd;
  try {
    end = await walkLadder(run, plan, role);
  } finally {
    interim.stop();
  }
  if (run.hasBackgroundWork()) await run.drainBackground();
  return end;
}

async function walkLadder(run: RouteRun, plan: RoutePlan, role: AttemptRole): Promise<LadderEnd> {
  const policy = run.policy;
  let state = startLadder(plan, Date.now(), spendingOf(run.attempts), !run.legacy, run.failoverByKind);
  const verify = verifierFor(run, plan, role);
  // A verified answer reaches the client once accepted, never live.
  const stream = verify ? null : liveStream(run, plan, role);
  let failedLocally = false; // the last attempt failed on the fast path: see fastPathBoundary
  for (;;) {
    let step = nextStep(state, policy, Date.now());
    if (step.kind === 'answer' && verify) ({ step, state } = await verifyAnswer(run, plan, verify, state, step));
    if (step.kind !== 'call') return step;
    if (failedLocally && step.delayMs === 0) await fastPathBoundary();
    failedLocally = false;
    let held: HeldReservation[] = [];
    let quotaSettle: SettleQuotaInput | null = null;
    if ((run.budgets || run.quotas) && stepCovered(run, plan, step)) {
      const admitted = await admitStep(run, plan, state, step);
      if (admitted.kind !== 'call') return admitted;
      ({ step, held, quotaSettle } = admitted);
    }
    run.note(callEntry(step));
    if (step.delayMs > 0) {
      run.recordDecisions();
      await sleep(step.delayMs);
    }
    // fitPrompt (docs/failover.md#fit-the-prompt): only plans decided under the latest rules carry fits.
    const fitted = step.fit ? await fittedPrompt(run, plan, state, { ...step, fit: step.fit }) : null;
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
      state = await runHedged(run, plan, state, { step, call, held, quotaSettle }, hedge, callModelOnce);
      continue;
    }
    const local = fastPathFor(run, plan, role, state, step, false);
    const attempt = await callModelOnce(run, local ? { ...call, local } : call);
    failedLocally = local && !attempt.ok;
    run.note(attemptEntry(attempt));
    settleQuotas(run, quotaSettle, attempt.costUsd);
    if (held.length > 0) await commitReservations(held, attempt.costUsd);
    state = recordAttempt(state, step, attempt);
  }
}

/** What one model call needs (see callModelOnce). */
export type ModelCall = {
  modelKey: string;
  messages: ChatMessage[];
  maxOutputTokens: number;
  responseFormat: ResponseFormat | null;
  timeouts: AttemptTimeouts;
  role: AttemptRole;
  /** Send a redacted copy (the activity replaces personal data with typed placeholders). */
  redact?: boolean;
  /** Where the attempt's answer may go live (see liveStream). @default none */
  stream?: StreamTicket | null;
  /** Attempt number, for legs running side by side (hedged calls). @default the next after the run's attempts */
  n?: number;
  /**
   * A leg that may be cancelled (hedged calls): heartbeat every `heartbeatMs` within `heartbeatTimeoutMs`, and
   * cancel without waiting for the activity to confirm. @default none
   */
  cancellable?: { heartbeatMs: number; heartbeatTimeoutMs: number };
  /** What a route verifier needs measured on the answer. @default nothing */
  answerFacts?: AnswerFactsRequest | null;
  /** Run as the fast path: a local activity inside this workflow task (workflows/fast-attempt.ts). @default false */
  local?: boolean;
} & ToolFields &
  AttemptSettings;

/** One model call, as its own activity; the attempt (and its answer text) is added to the run. */
export async function callModelOnce(run: RouteRun, call: ModelCall): Promise<AttemptRecord> {
  const { policy } = run;
  const { modelKey, role, timeouts, cancellable } = call;
  const model = policy.models[modelKey]!;
  const n = call.n ?? run.attempts.length + 1;
  const base = { n, model: modelKey, provider: model.provider, role };
  // The one place that picks the kind of activity: the fast path's local one, or a regular one.
  const callModel = call.local
    ? localCallModel(n, role, modelKey, timeouts.timeoutMs)
    : proxyActivities<SwitchyardActivities>({
        startToCloseTimeout: timeouts.timeoutMs + ACTIVITY_GRACE_MS,
        retry: { maximumAttempts: 1 },
        summary: `attempt ${n} ${role}: ${modelKey}`,
        ...(cancellable
          ? { heartbeatTimeout: cancellable.heartbeatTimeoutMs, cancellationType: ActivityCancellationType.TRY_CANCEL }
          : {}),
      }).callModel;
  const started = Date.now();
  // The decisions that led to this call go into the history with it. A fast-path call needs no upsert: it completes
  // in this task, whose result (or next blocking call) records the whole trail, and a task lost mid-call records
  // nothing at all.
  if (!call.local) run.recordDecisions();
  const input = modelCallInput(
    {
      workflowId: run.workflowId,
      n,
      role,
      policyHash: run.policyHash,
      modelKey,
      route: run.plan?.route,
      minScore: policy.privacy.minScore,
      failoverByKind: run.failoverByKind,
    },
    { ...call, ...(cancellable ? { heartbeatMs: cancellable.heartbeatMs } : {}) },
  );
  // The fast path's first attempt may have been made already, by resolvePolicy (workflows/first-attempt.ts).
  const madeAhead = call.local ? attemptMadeAhead(run, input) : null;
  try {
    const output = await (madeAhead ?? callModel(input));
    if (output.answerFacts) run.answerFacts.set(n, output.answerFacts);
    run.note(repairedNote(base, output));
    const attempt: AttemptRecord = {
      ...base,
      ok: true,
      errorKind: null,
      errorType: null,
      message: null,
      status: null,
      retryAfterMs: null,
      formatFailure: false,
      latencyMs: output.latencyMs,
      inputTokens: output.inputTokens,
      outputTokens: output.outputTokens,
      costUsd: output.costUsd,
    };
    run.addAttempt(attempt, output.text, { finish: output.finish, toolCalls: output.toolCalls ?? null });
    return attempt;
  } catch (thrown) {
    const error = asActivityFailure(thrown);
    const attempt = failedAttempt(error, base, Date.now() - started);
    run.note(repairFailedNote(base, error));
    run.addAttempt(attempt, null);
    const text = failedText(error);
    if (text !== null) run.failedTexts.set(n, text);
    return attempt;
  }
}

/** Turns an activity failure into an attempt record; anything else (cancellation) propagates. */
function failedAttempt(
  error: unknown,
  base: Pick<AttemptRecord, 'n' | 'model' | 'provider' | 'role'>,
  elapsedMs: number,
): AttemptRecord {
  if (!(error instanceof ActivityFailure)) throw error;
  const cause = error.cause;
  let type = 'Unknown';
  let details: Partial<ModelFailureDetails> = {};
  let message = cause?.message ?? error.message;
  if (cause instanceof ApplicationFailure) {
    type = cause.type ?? 'Unknown';
    details = (cause.details?.[0] ?? {}) as Partial<ModelFailureDetails>;
  } else if (cause instanceof TimeoutFailure) {
    type = 'ActivityTimeout';
    message = `activity ${cause.timeoutType === undefined ? '' : 'start-to-close '}timeout`;
  } else {
    throw error;
  }
  return {
    ...base,
    ok: false,
    errorKind: details.kind ?? errorKindOf(type),
    errorType: type,
    message: message.slice(0, 300),
    status: details.status ?? null,
    retryAfterMs: details.retryAfterMs ?? null,
    formatFailure: details.formatFailure ?? false,
    latencyMs: details.latencyMs ?? elapsedMs,
    inputTokens: details.inputTokens ?? 0,
    outputTokens: details.outputTokens ?? 0,
    costUsd: details.costUsd ?? 0,
  };
}

/** The answer text a failed attempt carried in its failure details, or null. */
function failedText(error: unknown): string | null {
  const cause = error instanceof ActivityFailure ? error.cause : null;
  if (!(cause instanceof ApplicationFailure)) return null;
  const text = (cause.details?.[0] as Partial<ModelFailureDetails> | undefined)?.text;
  return typeof text === 'string' && text.length > 0 ? text : null;
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
