import { describe, expect, it } from 'vitest';
import { detectCreditCard } from '../../../src/privacy/detect-credit-card.js';

const found = (text: string) => detectCreditCard(text).map((f) => [text.slice(f.start, f.end), f.score]);

describe('detectCreditCard', () => {
  it('finds Luhn-valid cards of known brands, compact or grouped', () => {
    expect(found('Visa 4111111111111111 please')).toEqual([['4111111111111111', 0.95]]);
    expect(found('mc 5555-5555-5555-4444')).toEqual([['5555-5555-5555-4444', 0.95]]);
    expect(found('amex 3782 822463 10005.')).toEqual([['3782 822463 10005', 0.95]]);
    expect(found('6011 1111 1111 1117')).toEqual([['6011 1111 1111 1117', 0.95]]);
  });
  it('drops a Luhn-invalid number without a card cue, keeps it (lower score) with one', () => {
    expect(found('order 4111111111111112 shipped')).toEqual([]);
    expect(found('my card number is 4111111111111112')).toEqual([['4111111111111112', 0.6]]);
  });
  it('needs a cue for 12-digit Maestro numbers and unknown prefixes', () => {
    expect(found('ref 500000000000')).toEqual([]);
    expect(found('ref 501234567893')).toEqual([]);
    expect(found('my card 502056888113')).toEqual([['502056888113', 0.95]]);
    expect(found('my card 9111111111111110')).toEqual([['9111111111111110', 0.8]]);
  });
  it('rejects parts of longer numbers and too-short runs', () => {
    expect(found('41111111111111110000000')).toEqual([]);
    expect(found('4111 1111 1111')).toEqual([]);
  });
});
