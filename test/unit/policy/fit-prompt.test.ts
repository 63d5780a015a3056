import { describe, expect, it } from 'vitest';
import { cutMiddle, fitMessages, olderGroups, promptSizer } from '../../../src/policy/fit-prompt.js';
import { summaryPrompt, withSummary } from '../../../src/policy/fit-summary.js';
import type { ChatMessage } from '../../../src/policy/types.js';

const words = (n: number, word = 'lorem') => Array.from({ length: n }, (_, i) => `${word}${i % 10}`).join(' ');

/** A support conversation: a system turn, five older exchanges of ~200 words, the latest question. */
function conversation(): ChatMessage[] {
  const turns: ChatMessage[] = [{ role: 'system', content: 'You are a support agent.' }];
  for (let i = 0; i < 5; i += 1) {
    turns.push({ role: 'user', content: `question ${i}: ${words(200)}` });
    turns.push({ role: 'assistant', content: `answer ${i}: ${words(200, 'ipsum')}` });
  }
  turns.push({ role: 'user', content: 'And where is my order now?' });
  return turns;
}

const measureOf = (messages: ChatMessage[]) => ({
  messagesTokens: promptSizer(messages, { messagesTokens: 0, otherTokens: 0 }).tokens(messages),
  otherTokens: 0,
});

describe('fitMessages drop-oldest', () => {
  it('drops the oldest turns, keeps system and the latest user turn, notes the omission', () => {
    const messages = conversation();
    const measure = measureOf(messages);
    const target = Math.floor(measure.messagesTokens / 2);
    const fitted = fitMessages(messages, 'drop-oldest', target, measure);
    expect(fitted.fits).toBe(true);
    expect(fitted.tokens).toBeLessThanOrEqual(target);
    expect(fitted.tokensRemoved).toBe(measure.messagesTokens - fitted.tokens);
    expect(fitted.tokensRemoved).toBeGreaterThan(0);
    expect(fitted.messages[0]).toEqual(messages[0]);
    expect(fitted.messages.at(-1)).toEqual(messages.at(-1));
    expect(fitted.messages[1]!.content).toMatch(/^\[Earlier conversation shortened: \d+ message\(s\)/);
    // The kept older turns open with a user turn.
    expect(fitted.messages[2]!.role).toBe('user');
    expect(fitted.dropped % 2).toBe(0);
  });

  it('is deterministic and leaves a prompt that fits unchanged', () => {
    const messages = conversation();
    const measure = measureOf(messages);
    expect(fitMessages(messages, 'drop-oldest', 500, measure)).toEqual(
      fitMessages(messages, 'drop-oldest', 500, measure),
    );
    const whole = fitMessages(messages, 'drop-oldest', measure.messagesTokens, measure);
    expect(whole).toMatchObject({ fits: true, tokensRemoved: 0, dropped: 0 });
    expect(whole.messages).toEqual(messages);
  });

  it('says when even the system and latest turns do not fit', () => {
    const messages = conversation();
    const fitted = fitMessages(messages, 'drop-oldest', 10, measureOf(messages));
    expect(fitted.fits).toBe(false);
    expect(fitted.messages.map((message) => message.role)).toEqual(['system', 'system', 'user']);
  });

  it('drops an assistant tool call together with its tool results', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: words(100) },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'lookup', arguments: '{"id":1}' }] },
      { role: 'tool', content: words(100), toolCallId: 'c1' },
      { role: 'assistant', content: words(100) },
      { role: 'user', content: 'thanks, and now?' },
    ];
    expect(olderGroups(messages)).toEqual([[0], [1, 2], [3]]);
  });

  it('scales to the measured count (plan units)', () => {
    const messages = conversation();
    const measure = measureOf(messages);
    const doubled = { messagesTokens: measure.messagesTokens * 2, otherTokens: 100 };
    const fitted = fitMessages(messages, 'drop-oldest', measure.messagesTokens, doubled);
    expect(fitted.fits).toBe(true);
    expect(fitted.tokens + fitted.tokensRemoved).toBe(doubled.messagesTokens + 100);
  });
});

describe('fitMessages truncate-middle', () => {
  it('cuts the middle of the longest message with a marker, keeping its head and tail', () => {
    const pasted = `BEGIN ${words(3000)} END`;
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You review logs.' },
      { role: 'user', content: `What is wrong here?\n${pasted}` },
    ];
    const measure = measureOf(messages);
    const fitted = fitMessages(messages, 'truncate-middle', 800, measure);
    expect(fitted).toMatchObject({ fits: true, truncated: 1, dropped: 0 });
    expect(fitted.tokens).toBeLessThanOrEqual(800);
    const content = fitted.messages[1]!.content;
    expect(content.startsWith('What is wrong here?')).toBe(true);
    expect(content.endsWith('END')).toBe(true);
    expect(content).toMatch(/\[… \d+ characters left out to fit the context window …\]/);
    expect(fitted.messages[0]).toEqual(messages[0]);
  });

  it('cutMiddle keeps the length arithmetic exact', () => {
    const text = 'a'.repeat(100) + 'b'.repeat(100);
    const cut = cutMiddle(text, 150);
    expect(cut.startsWith('a'.repeat(25))).toBe(true);
    expect(cut.endsWith('b'.repeat(25))).toBe(true);
    expect(cut).toContain('150 characters left out');
  });
});

describe('summaries', () => {
  it('replaces the older turns with the summary turn and cuts a summary that runs over', () => {
    const messages = conversation();
    const measure = measureOf(messages);
    const fitted = withSummary(messages, 'The customer asked five questions about orders.', 300, measure);
    expect(fitted.fits).toBe(true);
    expect(fitted.messages.map((message) => message.role)).toEqual(['system', 'system', 'user']);
    expect(fitted.messages[1]!.content).toContain('The customer asked five questions');
    expect(fitted.dropped).toBe(10);
    const long = withSummary(messages, words(2000), 300, measure);
    expect(long.tokens).toBeLessThanOrEqual(300);
  });

  it('asks the summariser for the older turns only', () => {
    const prompt = summaryPrompt(conversation().slice(1, 11), 200);
    expect(prompt[0]!.content).toContain('at most 120 words');
    expect(prompt[1]!.content.startsWith('user: question 0')).toBe(true);
  });
});
