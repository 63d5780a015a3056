import { worstCaseAttemptCostUsd } from './cost.js';
import { type LadderState, MIN_ATTEMPT_MS, remainingMs } from './ladder.js';
import type { Policy } from './schema.js';
import { estimateMessageTokens } from './token-estimate.js';
import type { ChatMessage, DataClass } from './types.js';
import type { CheckVerdict } from './verify-checks.js';
import { DEFAULT_JUDGE_MAX_OUTPUT_TOKENS, DEFAULT_JUDGE_MIN_SCORE, type JudgeCheckConfig } from './verify-schema.js';

/** A judge's attempt, ready for the model call; or why it is skipped. */
export type JudgeCall =
  | {
      kind: 'call';
      model: string;
      messages: ChatMessage[];
      maxOutputTokens: number;
      timeouts: { timeoutMs: number; firstTokenTimeoutMs: number; idleTimeoutMs: number };
      /** Worst-case cost of the judge's attempt, USD. */
      worstCaseUsd: number;
    }
  | { kind: 'skip'; verdict: CheckVerdict };

/**
 * The judge's attempt for an answer, within the request's rules: the judge's provider must allow the data class
 * (it sees the conversation), its worst case must fit the cost cap, and the deadline must leave room. A judge that
 * may not run is a skipped check (reason in the trail), not a failed one.
 */
export function judgeCall(
  policy: Policy,
  state: LadderState,
  nowMs: number,
  check: JudgeCheckConfig,
  request: { dataClass: DataClass; conversation: ChatMessage[]; answer: string },
): JudgeCall {
  const skip = (reason: string): JudgeCall => ({ kind: 'skip', verdict: { outcome: 'skip', reason } });
  const model = policy.models[check.model];
  if (!model) return skip(`judge ${check.model} is not a model of this policy`);
  if (!policy.providers[model.provider]?.dataClasses.includes(request.dataClass))
    return skip(`judge ${check.model} may not see ${request.dataClass} data`);
  const messages = judgeMessages(check, request.conversation, request.answer);
  const maxOutputTokens = check.maxOutputTokens ?? DEFAULT_JUDGE_MAX_OUTPUT_TOKENS;
  const worstCaseUsd = worstCaseAttemptCostUsd(model, estimateMessageTokens(messages), maxOutputTokens);
  const cap = state.plan.maxCostUsd;
  if (cap !== null && state.spentUsd + worstCaseUsd > cap)
    return skip(`judge ${check.model} skipped: up to $${worstCaseUsd.toFixed(6)} more would pass the cap $${cap}`);
  const remaining = remainingMs(state, nowMs);
  if (remaining < MIN_ATTEMPT_MS) return skip(`judge ${check.model} skipped: deadline reached`);
  const timeoutMs = Math.min(state.plan.limits.timeoutMs, remaining);
  const timeouts = {
    timeoutMs,
    firstTokenTimeoutMs: Math.min(state.plan.limits.firstTokenTimeoutMs, timeoutMs),
    idleTimeoutMs: Math.min(state.plan.limits.idleTimeoutMs, timeoutMs),
  };
  return { kind: 'call', model: check.model, messages, maxOutputTokens, timeouts, worstCaseUsd };
}

/** Characters of the conversation and of the answer shown to a judge (the tail of the conversation is kept). */
export const JUDGE_CONVERSATION_CHARS = 8000;
export const JUDGE_ANSWER_CHARS = 8000;

/** The judge's prompt: a short rubric, the conversation, the answer; it replies with a JSON score 0..1. */
export function judgeMessages(check: JudgeCheckConfig, conversation: ChatMessage[], answer: string): ChatMessage[] {
  const rubric = [
    'You grade an assistant answer. Score 1 when it is correct, complete and answers the last user turn;',
    '0 when it is wrong, off-topic or refuses without cause; partial credit in between.',
    ...(check.rubric ? [`A good answer also: ${check.rubric}`] : []),
    'Reply with only a JSON object: {"score": <number from 0 to 1>}.',
  ].join('\n');
  const turns = conversation
    .filter((message) => message.role !== 'system')
    .map((message) => `${message.role}: ${message.content}`)
    .join('\n\n')
    .slice(-JUDGE_CONVERSATION_CHARS);
  return [
    { role: 'system', content: rubric },
    {
      role: 'user',
      content: `Conversation:\n${turns}\n\nAnswer to grade:\n${answer.slice(0, JUDGE_ANSWER_CHARS)}`,
    },
  ];
}

/** The score in a judge's reply: `{"score": n}`, else the first `score: n`, else a lone number; null if none. */
export function parseJudgeScore(text: string): number | null {
  const candidates = [
    /"score"\s*:\s*"?(-?\d+(?:\.\d+)?)/i,
    /\bscore\b\s*[:=]?\s*(-?\d+(?:\.\d+)?)/i,
    /^\s*(\d+(?:\.\d+)?)\s*$/,
  ];
  for (const pattern of candidates) {
    const found = pattern.exec(text);
    if (!found) continue;
    const score = Number(found[1]);
    if (Number.isFinite(score) && score >= 0 && score <= 1) return score;
    return null;
  }
  return null;
}

/** The judge's reply against its passing score; `model` is the answer's model, named in the reason. */
export function judgeVerdict(check: JudgeCheckConfig, reply: string, model: string): CheckVerdict {
  const score = parseJudgeScore(reply);
  const minScore = check.minScore ?? DEFAULT_JUDGE_MIN_SCORE;
  if (score === null) return { outcome: 'fail', reason: `judge ${check.model} gave no score 0..1 (${model})` };
  return score >= minScore
    ? { outcome: 'pass', reason: `judge score ${score} ≥ ${minScore} (${model})` }
    : { outcome: 'fail', reason: `judge score ${score} < ${minScore} (${model})` };
}
