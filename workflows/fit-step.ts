import type { RoutePlan } from '../src/policy/decide-route.js';
import { type FitDecision, type FittedPrompt, fitMessages, type PromptMeasure } from '../src/policy/fit-prompt.js';
import { summaryCall, withSummary } from '../src/policy/fit-summary.js';
import type { LadderState, LadderStep } from '../src/policy/ladder.js';
import type { ChatMessage, TrailEntry } from '../src/policy/types.js';
import type { RouteRun } from './route-run.js';
import { sideCall } from './side-call.js';

type CallStep = Extract<LadderStep, { kind: 'call' }>;

/**
 * The conversation an attempt sends when its step carries a fit (docs/failover.md#fit-the-prompt): shrunk by the
 * pure strategies of src/policy/fit-prompt.ts, or for `summarize` with a summary from its own `summarize` attempt
 * (the cheapest model the data class allows, within the cap and deadline; drop-oldest when it fails). Notes a
 * `fit-prompt` trail line with `detail.tokensRemoved`; returns the state carrying the summary's cost.
 */
export async function fittedPrompt(
  run: RouteRun,
  plan: RoutePlan,
  state: LadderState,
  step: CallStep & { fit: FitDecision },
): Promise<{ messages: ChatMessage[]; state: LadderState }> {
  const { fit } = step;
  const messages = run.request.messages;
  const measure: PromptMeasure = plan.fitPrompt?.measure ?? { messagesTokens: plan.inputTokens, otherTokens: 0 };
  let current = state;
  let fitted: FittedPrompt | null = null;
  let used: FitDecision['strategy'] = fit.strategy;
  let note = '';
  if (fit.strategy === 'summarize') {
    const summarized = await summarize(run, plan, state, fit, measure);
    current = summarized.state;
    if (summarized.fitted?.fits) fitted = summarized.fitted;
    else note = `; summary not used (${summarized.reason}): drop-oldest instead`;
  }
  if (fitted === null) {
    used = fit.strategy === 'truncate-middle' ? 'truncate-middle' : 'drop-oldest';
    fitted = fitMessages(messages, used, fit.targetTokens, measure);
  }
  run.note(fitEntry(step.candidate.model, fit, used, fitted, note));
  return { messages: fitted.messages, state: current };
}

function fitEntry(model: string, fit: FitDecision, used: string, fitted: FittedPrompt, note: string): TrailEntry {
  const why = { context: 'context window', cost: 'maxInputTokens', 'context-error': 'context-length error' }[fit.cause];
  const before = fitted.tokens + fitted.tokensRemoved;
  const what = fitted.dropped > 0 ? `${fitted.dropped} message(s) left out` : `${fitted.truncated} message(s) cut`;
  const short = fitted.fits ? '' : '; still over the target, sent as small as it gets';
  return {
    step: 'fit-prompt',
    outcome: used,
    reason: `${model}: ~${before} → ~${fitted.tokens} tokens (target ${fit.targetTokens}, ${why}); ${what}${short}${note}`,
    detail: {
      model,
      strategy: used,
      cause: fit.cause,
      targetTokens: fit.targetTokens,
      tokensBefore: before,
      tokensAfter: fitted.tokens,
      tokensRemoved: fitted.tokensRemoved,
      messagesDropped: fitted.dropped,
      messagesTruncated: fitted.truncated,
      fits: fitted.fits,
    },
  };
}

/** One `summarize` attempt and the conversation around its summary; null fitted (with a reason) when none. */
async function summarize(
  run: RouteRun,
  plan: RoutePlan,
  state: LadderState,
  fit: FitDecision,
  measure: PromptMeasure,
): Promise<{ fitted: FittedPrompt | null; state: LadderState; reason: string }> {
  const regions = run.policy.routes.find((route) => route.name === plan.route)?.regions;
  const dataClass = run.privacy?.dataClass ?? 'restricted';
  const request = { messages: run.request.messages, dataClass, ...(regions ? { regions } : {}) };
  const call = summaryCall(run.policy, state, Date.now(), request, fit, measure);
  if (call.kind === 'skip') return { fitted: null, state, reason: call.reason };
  const made = await sideCall(run, plan, state, call, 'summarize');
  if (made.kind === 'refused') return { fitted: null, state, reason: `${call.model}: ${made.reason}` };
  const { attempt, state: next } = made;
  if (!attempt.ok) return { fitted: null, state: next, reason: `${call.model} failed (${attempt.errorType})` };
  const text = run.texts.get(attempt.n) ?? '';
  const fitted = withSummary(run.request.messages, text, fit.targetTokens, measure);
  return { fitted, state: next, reason: fitted.fits ? 'ok' : 'the summary does not fit' };
}
