import { describe, expect, it } from 'vitest';
import { placeholderFor, redactText } from '../../../src/privacy/redact.js';
import { scanText } from '../../../src/privacy/scan-text.js';

describe('redactText', () => {
  it('replaces each span with a typed placeholder, in any input order', () => {
    const text = 'card 4111111111111111, mail a@b.co.';
    const findings = scanText(text).reverse();
    expect(redactText(text, findings)).toBe('card [CREDIT_CARD], mail [EMAIL].');
  });
  it('merges overlapping spans, clips spans past the end and ignores empty ones', () => {
    const text = 'abcdefghij';
    expect(
      redactText(text, [
        { type: 'phone', start: 2, end: 5, score: 1 },
        { type: 'person', start: 4, end: 7, score: 1 },
        { type: 'email', start: 8, end: 50, score: 1 },
        { type: 'iban', start: 1, end: 1, score: 1 },
      ]),
    ).toBe('ab[PHONE]h[EMAIL]');
  });
  it('leaves text without findings unchanged', () => {
    expect(redactText('nothing', [])).toBe('nothing');
    expect(placeholderFor('street_address')).toBe('[STREET_ADDRESS]');
  });
});
