import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setHandler,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type CanaryProgress,
  type CanarySample,
  type CanaryVerdict,
  evaluateGuardrails,
  judgeCanary,
  summarize,
} from '../src/policy/canary-guardrails.js';
import {
  type CanaryControllerInput,
  type CanaryDecision,
  type CanaryReport,
  type CanaryStatus,
  type CanaryWindows,
  canaryReportSignal,
  canaryStateQuery,
  MAX_DECISIONS,
  MAX_REPORT_SAMPLES,
  type PromoteCanaryRequest,
  promoteCanaryUpdate,
} from './canary-messages.js';

/** Reports and promotions a run takes before it continues as new (keeps each history short). */
const MESSAGES_PER_RUN = 500;

/**
 * The canary controller of one candidate policy on one task queue (docs/policy-rollout.md, Canary). Workers report
 * finished requests of both roles (Signal `canaryReport`, batched, signal-with-start); the controller keeps the
 * latest `windowSize` outcomes per role, compares them with src/policy/canary-guardrails.ts and decides: roll back,
 * promote, or wait for a person (Update `promoteCanary`). Each decision is written to the memo (an event in this
 * history) and kept in the state workers read (Query `canaryState`). It stays open after deciding, so the decision
 * holds for every worker, and continues as new every `MESSAGES_PER_RUN` messages.
 */
export async function canaryControllerWorkflow(input: CanaryControllerInput): Promise<void> {
  const { settings } = input;
  let progress: CanaryProgress = input.progress ?? { state: 'running', servedCanary: 0, minReachedAtMs: null };
  const served = { ...(input.served ?? { active: 0, canary: 0 }) };
  const windows: CanaryWindows = {
    active: [...(input.windows?.active ?? [])],
    canary: [...(input.windows?.canary ?? [])],
  };
  let decisions: CanaryDecision[] = [...(input.decisions ?? [])];
  let invalidReports = input.invalidReports ?? 0;
  let messages = 0;
  let changed = false;

  const guardrails = () =>
    evaluateGuardrails(summarize(windows.active), summarize(windows.canary), settings.guardrails);
  const record = (decision: CanaryDecision, state: CanaryProgress['state']) => {
    progress = { ...progress, state };
    decisions = [...decisions, decision].slice(-MAX_DECISIONS);
    log.info('canary decision', { candidate: input.candidate.version, ...decision });
    upsertMemo({ canaryState: state, canaryDecision: decision });
  };
  const apply = (verdict: CanaryVerdict, nowMs: number) => {
    if (verdict.kind === 'none') return;
    const state =
      verdict.kind === 'promote' ? 'promoted' : verdict.kind === 'rollback' ? 'rolled-back' : 'waiting-for-promotion';
    record({ kind: verdict.kind, atMs: nowMs, reason: verdict.reason, by: null }, state);
  };

  setHandler(canaryReportSignal, (report: CanaryReport) => {
    messages += 1;
    if (!validReport(report)) {
      invalidReports += 1;
      return;
    }
    served.active += report.active.length;
    served.canary += report.canary.length;
    windows.active = [...windows.active, ...report.active].slice(-settings.windowSize);
    windows.canary = [...windows.canary, ...report.canary].slice(-settings.windowSize);
    const servedCanary = progress.servedCanary + report.canary.length;
    const minReachedAtMs = progress.minReachedAtMs ?? (servedCanary >= settings.minRequests ? Date.now() : null);
    progress = { ...progress, servedCanary, minReachedAtMs };
    changed = true;
  });

  setHandler(
    promoteCanaryUpdate,
    (request: PromoteCanaryRequest) => {
      messages += 1;
      record({ kind: 'promote', atMs: Date.now(), reason: `promoted by ${request.by}`, by: request.by }, 'promoted');
      return status();
    },
    {
      validator: (request: PromoteCanaryRequest) => {
        if (typeof request?.by !== 'string' || request.by.length === 0 || request.by.length > 200)
          throw new Error('promote needs "by": who promotes (1..200 characters)');
        if (progress.state === 'promoted' || progress.state === 'rolled-back')
          throw new Error(`the canary is already ${progress.state}`);
      },
    },
  );

  const status = (): CanaryStatus => ({
    workflowId: workflowInfo().workflowId,
    active: input.active,
    candidate: input.candidate,
    percent: settings.percent,
    state: progress.state,
    stateReason: decisions.at(-1)?.reason ?? null,
    served: { ...served },
    guardrails: guardrails(),
    decisions,
    settings,
    invalidReports,
  });
  setHandler(canaryStateQuery, status);

  for (;;) {
    const nowMs = Date.now();
    apply(judgeCanary(progress, guardrails(), settings, nowMs), nowMs);
    if (messages >= MESSAGES_PER_RUN || workflowInfo().continueAsNewSuggested) break;
    // A running canary past its minimum is decided by `decideWithinMs` at the latest: wake up for that.
    const deadlineMs =
      progress.state === 'running' && progress.minReachedAtMs !== null
        ? Math.max(1, progress.minReachedAtMs + settings.decideWithinMs - nowMs)
        : undefined;
    changed = false;
    await condition(() => changed || messages >= MESSAGES_PER_RUN || workflowInfo().continueAsNewSuggested, deadlineMs);
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof canaryControllerWorkflow>({
    ...input,
    progress,
    served,
    windows,
    decisions,
    invalidReports,
  });
}

/** Shape and size checks on a report (Signals cannot be rejected, so bad ones are counted and dropped). */
function validReport(report: unknown): report is CanaryReport {
  const { active, canary } = (report ?? {}) as Partial<CanaryReport>;
  return [active, canary].every(
    (samples) => Array.isArray(samples) && samples.length <= MAX_REPORT_SAMPLES && samples.every(validSample),
  );
}

function validSample(sample: CanarySample): boolean {
  return (
    typeof sample?.ok === 'boolean' &&
    typeof sample.formatFailure === 'boolean' &&
    Number.isFinite(sample.latencyMs) &&
    sample.latencyMs >= 0 &&
    Number.isFinite(sample.costUsd) &&
    sample.costUsd >= 0
  );
}
