import type { ChatMessage, ComplexitySignals } from '../policy/types.js';
import { countInputTokens } from './count-input-tokens.js';

/** Input size from which a request counts as long-context, tokens. @default 16000 */
export const LONG_CONTEXT_TOKENS = 16_000;

/** Measures size and shape of a conversation (tool-call arguments included); cheap enough for every request. */
export function complexitySignals(messages: readonly ChatMessage[], attachments = 0): ComplexitySignals {
  let chars = 0;
  for (const message of messages) {
    chars += message.content.length;
    for (const call of message.toolCalls ?? []) chars += call.arguments.length;
  }
  const inputTokens = countInputTokens(messages);
  const last = lastUserText(messages);
  let questions = 0;
  for (let index = last.indexOf('?'); index !== -1; index = last.indexOf('?', index + 1)) questions += 1;
  return {
    chars,
    inputTokens,
    questions,
    messages: messages.length,
    attachments,
    longContext: inputTokens >= LONG_CONTEXT_TOKENS,
  };
}

/** The text a classifier looks at: the last user message (or the last message of any role). */
export function lastUserText(messages: readonly ChatMessage[]): string {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    if (messages[index]?.role === 'user') return messages[index]!.content;
  }
  return messages.at(-1)?.content ?? '';
}
