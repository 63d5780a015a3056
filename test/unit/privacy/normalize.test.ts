import { describe, expect, it } from 'vitest';
import { normalizeText, toOriginalSpan } from '../../../src/privacy/normalize.js';
import { redactText } from '../../../src/privacy/redact.js';
import { scanMessages, scanText } from '../../../src/privacy/scan-text.js';

const typed = (text: string) => scanText(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('normalizeText', () => {
  it('leaves plain ASCII alone (no map)', () => {
    expect(normalizeText('card 4111 1111')).toEqual({ text: 'card 4111 1111', starts: null, ends: null });
  });
  it('maps Unicode digits and spaces, drops format characters, decodes JSON escapes; maps offsets back', () => {
    const original = '４１\u00a01\u200b1 x\\u00a0y';
    const n = normalizeText(original);
    expect(n.text).toBe('41 11 x y');
    expect(toOriginalSpan(n, 0, 5)).toEqual({ start: 0, end: 6 });
    expect(toOriginalSpan(n, 8, 9)).toEqual({ start: original.length - 1, end: original.length });
  });
});

describe('scanText on pasted identifiers', () => {
  const card = '4111111111111111';
  const spaced = (sep: string) => card.match(/.{4}/g)?.join(sep) ?? '';
  it.each([
    ['no-break space', '\u00a0'],
    ['thin space', '\u2009'],
    ['narrow no-break space', '\u202f'],
    ['figure space', '\u2007'],
    ['ideographic space', '\u3000'],
    ['dot', '.'],
    ['slash', '/'],
    ['en dash', '\u2013'],
    ['line break', '\n'],
    ['zero-width space', '\u200b'],
  ])('finds a card split by %s and reports the original characters', (_, sep) => {
    const text = `pay with ${spaced(sep)} please`;
    expect(typed(text)).toEqual([`credit_card:${spaced(sep)}`]);
    expect(redactText(text, scanText(text))).toBe('pay with [CREDIT_CARD] please');
  });
  it('finds full-width and Arabic-Indic digits', () => {
    const fullWidth = [...card].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    const arabic = [...'123456789'].map((d) => String.fromCharCode(0x660 + Number(d))).join('');
    expect(typed(`card ${fullWidth}`)).toEqual([`credit_card:${fullWidth}`]);
    expect(typed(`my ssn ${arabic}`)).toEqual([`national_id:${arabic}`]);
  });
  it('finds an identifier inside a JSON body with escapes', () => {
    const body = JSON.stringify({ note: `card\u00a0${spaced('\u00a0')}` }).replace(/\u00a0/g, '\\u00a0');
    expect(scanText(body).map((f) => f.type)).toEqual(['credit_card']);
  });
});

describe('scanMessages across a conversation', () => {
  it('finds a card split over two messages and reports a piece in each', () => {
    const messages = [
      { role: 'user' as const, content: 'my card is 4111 1111' },
      { role: 'user' as const, content: '1111 1111 thanks' },
    ];
    expect(scanMessages(messages).map((f) => [f.type, f.message, f.start, f.end])).toEqual([
      ['credit_card', 0, 11, 20],
      ['credit_card', 1, 0, 9],
    ]);
  });
  it('uses a cue from the previous message (plain 9-digit SSN)', () => {
    const messages = [
      { role: 'assistant' as const, content: 'What is your SSN?' },
      { role: 'user' as const, content: '123456789' },
    ];
    expect(scanMessages(messages).map((f) => [f.type, f.message])).toEqual([['national_id', 1]]);
  });
});
