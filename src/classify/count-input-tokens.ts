import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { ChatMessage } from '../policy/types.js';

/** Tokens of chat framing per message (role, separators), as OpenAI's chat format counts them. */
const PER_MESSAGE_TOKENS = 4;
/** Tokens that prime the reply. */
const REPLY_PRIMING_TOKENS = 3;

/**
 * Input tokens of a conversation for cost and context checks: the o200k tokenizer's exact count, but never
 * less than one token per four characters. Tokenizers differ (and some count padding such as runs of spaces
 * per character), so the floor keeps padded input from undercutting the estimate: 300 trailing spaces are
 * 4 o200k tokens but 75 by the floor. About 0.15 ms per 2 KB.
 */
export function countInputTokens(messages: readonly Pick<ChatMessage, 'content' | 'toolCalls'>[]): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of messages) {
    total += textTokens(message.content) + PER_MESSAGE_TOKENS;
    // Tool calls the conversation carries are sent too (name and arguments).
    for (const call of message.toolCalls ?? []) total += textTokens(call.name) + textTokens(call.arguments);
  }
  return total;
}

function textTokens(text: string): number {
  return Math.max(countTokens(text), Math.ceil(text.length / 4));
}
