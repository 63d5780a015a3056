import { describe, expect, it } from 'vitest';
import { fitMessages, promptSizer } from '../../../src/policy/fit-prompt.js';
import type { ChatMessage } from '../../../src/policy/types.js';

const conversation = (turns: number, chars: number): ChatMessage[] =>
  Array.from({ length: turns }, (_, i) => ({
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: `turn ${i} `.padEnd(chars, 'lorem ipsum dolor sit amet '),
  }));
const measureOf = (messages: ChatMessage[]) => ({
  messagesTokens: promptSizer(messages, { messagesTokens: 0, otherTokens: 0 }).tokens(messages),
  otherTokens: 0,
});

describe('fitMessages on the largest requests the router accepts (~1 MB)', () => {
  it('drop-oldest over 2000 turns', () => {
    const messages = conversation(2000, 500);
    const measure = measureOf(messages);
    const fitted = fitMessages(messages, 'drop-oldest', 4000, measure);
    expect(fitted).toMatchObject({ fits: true });
    expect(fitted.tokens).toBeLessThanOrEqual(4000);
    expect(fitted.tokens + fitted.tokensRemoved).toBe(measure.messagesTokens);
    // The smallest prompt drop-oldest can make: the note, the latest user turn and the answer after it.
    expect(fitMessages(messages, 'drop-oldest', 0, measure).messages).toHaveLength(3);
  });

  it('truncate-middle over 200 long turns; short turns are never cut', () => {
    const messages = conversation(200, 5000);
    const fitted = fitMessages(messages, 'truncate-middle', 90_000, measureOf(messages));
    expect(fitted.fits).toBe(true);
    expect(fitted.tokens).toBeLessThanOrEqual(90_000);
    const short = conversation(50, 500);
    expect(fitMessages(short, 'truncate-middle', 100, measureOf(short))).toMatchObject({ fits: false, truncated: 0 });
  });
});
