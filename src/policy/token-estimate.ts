/** Safety margin on estimated input tokens for context-window checks (the estimate is ±10 %). */
export const TOKEN_ESTIMATE_MARGIN = 1.1;

/**
 * Fast token estimate for routing decisions (context-window and cost pre-checks), tuned against the
 * o200k tokenizer on English and mixed support text: within about ±10 % there, and it errs high on
 * digits and symbols. Exact counts come from the provider's usage after the call. Runs in ~microseconds
 * on 2 KB, so it fits the decision path; a real tokenizer costs 0.1–0.3 ms per 2 KB.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let wordLength = 0;
  let digitRun = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const isLetter = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code >= 0xc0;
    const isDigit = code >= 48 && code <= 57;
    if (isLetter) {
      if (digitRun > 0) digitRun = 0;
      // Non-ASCII letters split into far more tokens than English words; CJK about one per character.
      wordLength += code >= 0x3000 ? 9 : code >= 0xc0 ? 4 : 1;
      continue;
    }
    if (wordLength > 0) {
      tokens += 1 + Math.floor(wordLength / 9);
      wordLength = 0;
    }
    if (isDigit) {
      if (digitRun % 3 === 0) tokens += 1;
      digitRun += 1;
      continue;
    }
    digitRun = 0;
    if (code === 10 && text.charCodeAt(index - 1) !== 10) tokens += 1;
    else if (code !== 32 && code !== 10 && code !== 9 && code !== 13) tokens += 1;
  }
  if (wordLength > 0) tokens += 1 + Math.floor(wordLength / 9);
  return tokens;
}

/** Estimate over a conversation, with a few tokens of framing per message. */
export function estimateMessageTokens(messages: readonly { content: string }[]): number {
  let total = 0;
  for (const message of messages) total += estimateTokens(message.content) + 4;
  return total;
}
