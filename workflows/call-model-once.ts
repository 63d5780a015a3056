import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import type { AnswerFactsRequest, CallModelOutput, ModelFailureDetails } from '../activities/types.js';
import { errorKindOf } from '../src/policy/error-kinds.js';
import type { AttemptTimeouts } from '../src/policy/ladder.js';
import { type CallModelInput, modelCallInput } from '../src/policy/model-call-input.js';
import type { ToolFields } from '../src/policy/model-call-parts.js';
import type { StreamTicket } from '../src/policy/stream-ticket.js';
import type { AttemptRecord, AttemptRole, ChatMessage, ResponseFormat } from '../src/policy/types.js';
import { repairedNote, repairFailedNote } from './attempt-repair.js';
import type { AttemptSettings } from './attempt-settings.js';
import { asActivityFailure, localCallModel } from './fast-attempt.js';
import { attemptMadeAhead } from './first-attempt.js';
import type { RouteRun } from './route-run.js';

/** Extra time Temporal allows past the adapter's own limit before it times the activity out, ms. */
const ACTIVITY_GRACE_MS = 2000;

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

/**
 * One model call, as its own activity; the attempt (and its answer text) is added to the run. The fast path's first
 * attempt may have been made already, by resolvePolicy (workflows/first-attempt.ts): then the attempt is recorded at
 * once, without a promise.
 */
export function callModelOnce(run: RouteRun, call: ModelCall): AttemptRecord | Promise<AttemptRecord> {
  const { policy } = run;
  const { modelKey, role, cancellable } = call;
  const model = policy.models[modelKey]!;
  const n = call.n ?? run.attempts.length + 1;
  const base = { n, model: modelKey, provider: model.provider, role };
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
  const ahead = call.local ? attemptMadeAhead(run, input) : null;
  if (ahead === null) return calledAndRecorded(run, call, base, input, started);
  return 'output' in ahead ? succeeded(run, base, ahead.output) : failed(run, base, ahead.failure, started);
}

type AttemptBase = Pick<AttemptRecord, 'n' | 'model' | 'provider' | 'role'>;

/** Makes the call as an activity (the fast path's local one, or a regular one) and records its attempt. */
async function calledAndRecorded(
  run: RouteRun,
  call: ModelCall,
  base: AttemptBase,
  input: CallModelInput,
  started: number,
): Promise<AttemptRecord> {
  const { n, role, model: modelKey } = base;
  const { timeouts, cancellable } = call;
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
  let output: CallModelOutput;
  try {
    output = await callModel(input);
  } catch (thrown) {
    return failed(run, base, thrown, started);
  }
  return succeeded(run, base, output);
}

/** Records a successful attempt and its answer. */
function succeeded(run: RouteRun, base: AttemptBase, output: CallModelOutput): AttemptRecord {
  if (output.answerFacts) run.answerFacts.set(base.n, output.answerFacts);
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
}

/** Records a failed attempt (and any text it did produce); a cancellation or other error propagates. */
function failed(run: RouteRun, base: AttemptBase, thrown: unknown, started: number): AttemptRecord {
  const error = asActivityFailure(thrown);
  const attempt = failedAttempt(error, base, Date.now() - started);
  run.note(repairFailedNote(base, error));
  run.addAttempt(attempt, null);
  const text = failedText(error);
  if (text !== null) run.failedTexts.set(base.n, text);
  return attempt;
}

/** Turns an activity failure into an attempt record; anything else (cancellation) propagates. */
function failedAttempt(error: unknown, base: AttemptBase, elapsedMs: number): AttemptRecord {
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
