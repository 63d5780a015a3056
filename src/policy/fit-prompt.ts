import type { FitPromptStrategy } from './fit-prompt-schema.js';
import { estimateTokens } from './token-estimate.js';
import type { ChatMessage } from './types.js';

/**
 * Shrinking a request so it fits a model (`fitPrompt`, docs/failover.md#fit-the-prompt). Pure and deterministic:
 * the same messages and target give the same prompt on every replay. Sizes are in the plan's units (the measured
 * o200k count of `plan.inputTokens`): our fast estimate per message, scaled so the whole conversation matches the
 * measured count.
 */

/** How one attempt's prompt is fitted: carried by the ladder's call step. */
export interface FitDecision {
  strategy: Exclude<FitPromptStrategy, 'none'>;
  /** Input tokens the whole prompt must fit in, plan units (as `plan.inputTokens` counts them). */
  targetTokens: number;
  /** The model's window (`context`), the route's `maxInputTokens` (`cost`), or a provider's context-length error. */
  cause: 'context' | 'cost' | 'context-error';
}

/** Sizes of a request in plan units: its messages, and what fitting cannot remove (tool definitions). */
export interface PromptMeasure {
  /** Measured input tokens of the messages (classification's count). */
  messagesTokens: number;
  /** Input tokens besides the messages (tool definitions). @default 0 */
  otherTokens: number;
}

/** A fitted prompt and what fitting did. */
export interface FittedPrompt {
  messages: ChatMessage[];
  /** Input tokens of the fitted prompt, plan units. */
  tokens: number;
  /** Input tokens left out (before minus after, markers included), plan units; 0 when nothing changed. */
  tokensRemoved: number;
  /** Messages left out. */
  dropped: number;
  /** Messages cut in the middle. */
  truncated: number;
  /** False when the strategy could not reach the target (the prompt is as small as it can make it). */
  fits: boolean;
}

/** Characters `truncate-middle` keeps at each end of a message it cuts. @default 200 */
export const TRUNCATE_KEEP_CHARS = 200;

/** Shrinks `messages` to the decision's target with `drop-oldest` or `truncate-middle` (summaries: fit-summary.ts). */
export function fitMessages(
  messages: readonly ChatMessage[],
  strategy: 'drop-oldest' | 'truncate-middle',
  targetTokens: number,
  measure: PromptMeasure,
): FittedPrompt {
  const sizer = promptSizer(messages, measure);
  return strategy === 'drop-oldest'
    ? dropOldest(messages, targetTokens, sizer)
    : truncateMiddle(messages, targetTokens, sizer);
}

/** Measures messages in plan units with the scale of the original conversation. */
export interface PromptSizer {
  /** Tokens of a whole prompt, plan units (other tokens included). */
  tokens(messages: readonly ChatMessage[]): number;
  /** Tokens of one message, plan units. */
  message(message: ChatMessage): number;
  /** Plan units per estimated token. */
  scale: number;
}

export function promptSizer(messages: readonly ChatMessage[], measure: PromptMeasure): PromptSizer {
  // Each message is estimated once (by reference): fitting sizes the same messages many times.
  const raw = new Map<ChatMessage, number>();
  const rawOf = (item: ChatMessage) => {
    const known = raw.get(item);
    if (known !== undefined) return known;
    const tokens = rawTokens(item);
    raw.set(item, tokens);
    return tokens;
  };
  const estimated = messages.reduce((sum, message) => sum + rawOf(message), 0);
  const scale = estimated > 0 && measure.messagesTokens > 0 ? measure.messagesTokens / estimated : 1;
  const message = (item: ChatMessage) => rawOf(item) * scale;
  const tokens = (items: readonly ChatMessage[]) =>
    Math.ceil(measure.otherTokens + items.reduce((sum, item) => sum + message(item), 0));
  return { tokens, message, scale };
}

function rawTokens(message: ChatMessage): number {
  let tokens = estimateTokens(message.content) + 4;
  for (const call of message.toolCalls ?? []) tokens += estimateTokens(call.name) + estimateTokens(call.arguments);
  return tokens;
}

/** Index of the latest user turn (else the last message): it and everything after it are always kept. */
export function latestTurnIndex(messages: readonly ChatMessage[]): number {
  const index = messages.findLastIndex((message) => message.role === 'user');
  return index === -1 ? messages.length - 1 : index;
}

/**
 * The older turns as groups that go together, oldest first: an assistant turn with tool calls and the tool
 * results after it; every other non-system turn alone. System turns are never in a group.
 */
export function olderGroups(messages: readonly ChatMessage[]): number[][] {
  const latest = latestTurnIndex(messages);
  const groups: number[][] = [];
  for (let index = 0; index < latest; index += 1) {
    const message = messages[index]!;
    if (message.role === 'system') continue;
    if (message.role === 'tool' && groups.length > 0 && isToolGroup(messages, groups.at(-1)!)) {
      groups.at(-1)!.push(index);
      continue;
    }
    groups.push([index]);
  }
  return groups;
}

function isToolGroup(messages: readonly ChatMessage[], group: number[]): boolean {
  return messages[group[0]!]!.toolCalls !== undefined;
}

/** The note put where turns were left out (a system turn after the leading system turns). */
export function omissionNote(count: number, tokens: number): ChatMessage {
  const content = `[Earlier conversation shortened: ${count} message(s), about ${tokens} tokens, left out to fit the context window.]`;
  return { role: 'system', content };
}

/** Messages without the ones in `drop`, with the omission note before the first kept non-system turn. */
export function withoutMessages(messages: readonly ChatMessage[], drop: ReadonlySet<number>, note: ChatMessage) {
  const kept: ChatMessage[] = [];
  let noted = false;
  messages.forEach((message, index) => {
    if (drop.has(index)) return;
    if (!noted && message.role !== 'system') {
      kept.push(note);
      noted = true;
    }
    kept.push(message);
  });
  return kept;
}

function dropOldest(messages: readonly ChatMessage[], target: number, sizer: PromptSizer): FittedPrompt {
  const before = sizer.tokens(messages);
  const unchanged = { messages: [...messages], tokens: before, tokensRemoved: 0, dropped: 0, truncated: 0 };
  if (before <= target) return { ...unchanged, fits: true };
  const groups = olderGroups(messages);
  const sizes = messages.map((message) => sizer.message(message));
  const groupSize = (group: number[]) => group.reduce((sum, index) => sum + sizes[index]!, 0);
  let best: FittedPrompt = { ...unchanged, fits: false };
  let prefix = 0; // size of the first `count` groups
  for (let count = 1; count <= groups.length; count += 1) {
    prefix += groupSize(groups[count - 1]!);
    // The kept older turns start with a user turn (some providers refuse a conversation opening with an answer).
    let extra = count;
    let removed = prefix;
    while (extra < groups.length && messages[groups[extra]![0]!]!.role !== 'user') {
      removed += groupSize(groups[extra]!);
      extra += 1;
    }
    const dropped = groups.slice(0, extra).reduce((sum, group) => sum + group.length, 0);
    const note = omissionNote(dropped, Math.round(removed));
    // Estimated without building the prompt; the prompt is built (and measured exactly) only when it may fit.
    const estimate = before - removed + sizer.message(note);
    if (estimate > target + 1 && count < groups.length) continue;
    const fitted = withoutMessages(messages, new Set(groups.slice(0, extra).flat()), note);
    const tokens = sizer.tokens(fitted);
    best = { messages: fitted, tokens, tokensRemoved: before - tokens, dropped, truncated: 0, fits: tokens <= target };
    if (best.fits) return best;
  }
  return best;
}

function truncateMiddle(messages: readonly ChatMessage[], target: number, sizer: PromptSizer): FittedPrompt {
  const before = sizer.tokens(messages);
  const current = [...messages];
  const cut = new Set<number>();
  if (before <= target)
    return { messages: current, tokens: before, tokensRemoved: 0, dropped: 0, truncated: 0, fits: true };
  // Longest first; each message is cut once, as far as needed (never below TRUNCATE_KEEP_CHARS at each end).
  const order = current
    .map((message, index) => ({ index, size: sizer.message(message), system: message.role === 'system' }))
    .filter((item) => !item.system && current[item.index]!.content.length > 2 * TRUNCATE_KEEP_CHARS + 100)
    .sort((a, b) => b.size - a.size || a.index - b.index);
  let tokens = before;
  // Kept up to date cut by cut (the prompt is measured exactly once at the end).
  let exact = before;
  for (const { index } of order) {
    if (tokens <= target) break;
    const message = current[index]!;
    const perChar = sizer.message(message) / Math.max(1, message.content.length);
    // A little over what is needed: the marker costs tokens, and the estimate is not linear in characters.
    const needed = Math.ceil(((tokens - target) / perChar) * 1.05) + 80;
    const removable = message.content.length - 2 * TRUNCATE_KEEP_CHARS;
    const remove = Math.min(removable, needed);
    current[index] = { ...message, content: cutMiddle(message.content, remove) };
    cut.add(index);
    exact += sizer.message(current[index]!) - sizer.message(message);
    tokens = Math.ceil(exact);
  }
  tokens = sizer.tokens(current);
  return {
    messages: current,
    tokens,
    tokensRemoved: before - tokens,
    dropped: 0,
    truncated: cut.size,
    fits: tokens <= target,
  };
}

/** The text with `remove` characters taken out of its middle and a marker saying how many. */
export function cutMiddle(text: string, remove: number): string {
  const keep = text.length - remove;
  const head = Math.ceil(keep / 2);
  const tail = keep - head;
  const marker = `\n\n[… ${remove} characters left out to fit the context window …]\n\n`;
  return `${text.slice(0, head)}${marker}${text.slice(text.length - tail)}`;
}
