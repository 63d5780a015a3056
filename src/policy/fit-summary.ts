import { type Candidate, checkCandidate } from './decide-route.js';
import { type FitDecision, type FittedPrompt, latestTurnIndex, type PromptMeasure, promptSizer } from './fit-prompt.js';
import { type LadderState, MIN_ATTEMPT_MS, remainingMs } from './ladder.js';
import type { Policy } from './schema.js';
import { estimateMessageTokens } from './token-estimate.js';
import type { ChatMessage, DataClass } from './types.js';

/**
 * `fitPrompt: summarize` (docs/failover.md#fit-the-prompt): the older turns are replaced by a summary a cheap model
 * writes in an attempt of its own (role `summarize`). Pure: which turns, which model, what prompt, and the fitted
 * conversation around the summary. When no summary can be made or it does not fit, the workflow drops the oldest
 * turns instead.
 */

/** Longest summary asked for, tokens. @default 512 */
export const MAX_SUMMARY_TOKENS = 512;
/** Shortest summary worth a model call, tokens; with less room the oldest turns are dropped. @default 32 */
export const MIN_SUMMARY_TOKENS = 32;
/** Characters of older conversation a summariser is shown (the most recent of them). @default 48000 */
export const SUMMARY_SOURCE_CHARS = 48_000;

/** The summary attempt, ready for the model call; or why there is none. */
export type SummaryCall =
  | {
      kind: 'call';
      model: string;
      messages: ChatMessage[];
      maxOutputTokens: number;
      timeouts: { timeoutMs: number; firstTokenTimeoutMs: number; idleTimeoutMs: number };
      /** The summariser as a candidate (budgets reserve for it like any attempt). */
      candidate: Candidate;
      worstCaseUsd: number;
      /** Messages the summary replaces. */
      replaced: number;
    }
  | { kind: 'skip'; reason: string };

/**
 * The summary attempt for a fit: the older turns (non-system turns before the latest user turn), room for the
 * summary within the target, and the cheapest model of the policy that may see the data class (privacy and the
 * route's regions), whose window takes the summariser prompt, within the cost cap and the deadline.
 */
export function summaryCall(
  policy: Policy,
  state: LadderState,
  nowMs: number,
  request: { messages: readonly ChatMessage[]; dataClass: DataClass; regions?: readonly string[] },
  fit: FitDecision,
  measure: PromptMeasure,
): SummaryCall {
  const skip = (reason: string): SummaryCall => ({ kind: 'skip', reason });
  const { messages } = request;
  const latest = latestTurnIndex(messages);
  const older = messages.slice(0, latest).filter((message) => message.role !== 'system');
  if (older.length === 0) return skip('no older turns to summarise');
  const sizer = promptSizer(messages, measure);
  const kept = messages.filter((message, index) => message.role === 'system' || index >= latest);
  const room = fit.targetTokens - sizer.tokens(kept) - sizer.message(summaryTurn(older.length, ''));
  const maxOutputTokens = Math.min(MAX_SUMMARY_TOKENS, Math.floor((room / sizer.scale) * 0.9));
  if (maxOutputTokens < MIN_SUMMARY_TOKENS)
    return skip(`room for a summary of only ${Math.max(0, maxOutputTokens)} tokens`);
  const prompt = summaryPrompt(older, maxOutputTokens);
  const tokens = estimateMessageTokens(prompt);
  const cap = state.plan.maxCostUsd;
  let best: Candidate | null = null;
  for (const key of Object.keys(policy.models)) {
    const checked = checkCandidate(policy, key, request.dataClass, tokens, maxOutputTokens, undefined, false, {
      regions: request.regions,
    });
    if ('cause' in checked) continue;
    if (best === null || checked.worstCaseCostUsd < best.worstCaseCostUsd) best = checked;
  }
  if (best === null) return skip(`no model may see ${request.dataClass} data and take ~${tokens} tokens`);
  if (cap !== null && state.spentUsd + best.worstCaseCostUsd > cap)
    return skip(`${best.model} up to $${best.worstCaseCostUsd.toFixed(6)} would pass the cap $${cap}`);
  const remaining = remainingMs(state, nowMs);
  if (remaining < MIN_ATTEMPT_MS) return skip('deadline reached');
  const timeoutMs = Math.min(state.plan.limits.timeoutMs, remaining);
  const timeouts = {
    timeoutMs,
    firstTokenTimeoutMs: Math.min(state.plan.limits.firstTokenTimeoutMs, timeoutMs),
    idleTimeoutMs: Math.min(state.plan.limits.idleTimeoutMs, timeoutMs),
  };
  const candidate = { ...best, maxOutputTokens: Math.min(best.maxOutputTokens, maxOutputTokens) };
  return {
    kind: 'call',
    model: best.model,
    messages: prompt,
    maxOutputTokens: candidate.maxOutputTokens,
    timeouts,
    candidate,
    worstCaseUsd: best.worstCaseCostUsd,
    replaced: older.length,
  };
}

/** The summariser's prompt: a short instruction and the older turns as a transcript (its most recent part). */
export function summaryPrompt(older: readonly ChatMessage[], maxOutputTokens: number): ChatMessage[] {
  const words = Math.max(20, Math.floor(maxOutputTokens * 0.6));
  const instruction =
    `Summarise the conversation below for an assistant that will continue it, in at most ${words} words. ` +
    'Keep facts, names, numbers, decisions and open questions. Reply with the summary only.';
  const transcript = older
    .map((message) => `${message.role}: ${message.content}`)
    .join('\n\n')
    .slice(-SUMMARY_SOURCE_CHARS);
  return [
    { role: 'system', content: instruction },
    { role: 'user', content: transcript },
  ];
}

/** The turn that stands for the older conversation. */
export function summaryTurn(replaced: number, summary: string): ChatMessage {
  return {
    role: 'system',
    content: `[Summary of the earlier conversation (${replaced} message(s)), shortened to fit the context window:]\n${summary}`,
  };
}

/**
 * The conversation with its older turns replaced by the summary (cut at its end if it runs over the target).
 * `fits` is false when even the cut summary leaves it over the target: the workflow then drops the oldest turns.
 */
export function withSummary(
  messages: readonly ChatMessage[],
  summary: string,
  targetTokens: number,
  measure: PromptMeasure,
): FittedPrompt {
  const sizer = promptSizer(messages, measure);
  const before = sizer.tokens(messages);
  const latest = latestTurnIndex(messages);
  const replaced = messages.slice(0, latest).filter((message) => message.role !== 'system').length;
  const build = (text: string) => {
    const fitted: ChatMessage[] = [];
    let placed = false;
    messages.forEach((message, index) => {
      if (message.role === 'system') fitted.push(message);
      else if (index >= latest) {
        if (!placed) fitted.push(summaryTurn(replaced, text));
        placed = true;
        fitted.push(message);
      }
    });
    return fitted;
  };
  let text = summary.trim();
  let fitted = build(text);
  let tokens = sizer.tokens(fitted);
  for (let pass = 0; pass < 4 && tokens > targetTokens && text.length > 0; pass += 1) {
    const perChar = sizer.message(summaryTurn(replaced, text)) / Math.max(1, text.length);
    text = text.slice(0, Math.max(0, text.length - Math.ceil((tokens - targetTokens) / perChar) - 20));
    fitted = build(text);
    tokens = sizer.tokens(fitted);
  }
  return {
    messages: fitted,
    tokens,
    tokensRemoved: before - tokens,
    dropped: replaced,
    truncated: 0,
    fits: tokens <= targetTokens && text.length > 0,
  };
}
