import { describe, expect, it } from 'vitest';
import { detectAccountNumber } from '../../../src/privacy/detect-account-number.js';

const found = (text: string) => detectAccountNumber(text).map((f) => text.slice(f.start, f.end));

describe('detectAccountNumber', () => {
  it('finds numbers shortly after account, routing, licence and similar cues', () => {
    expect(found('my account number is 12345678')).toEqual(['12345678']);
    expect(found('Acct # 0012-3456-78, thanks')).toEqual(['0012-3456-78']);
    expect(found('routing 021000021')).toEqual(['021000021']);
    expect(found("My driver's license number is A56319335")).toEqual(['A56319335']);
    expect(found('licence LH329609T')).toEqual(['LH329609T']);
  });
  it('needs the cue, before the number, and at least five digits', () => {
    expect(found('order 12345678 shipped')).toEqual([]);
    expect(found('12345678 is my account')).toEqual([]);
    expect(found('account 1234')).toEqual([]);
    expect(found('account holder since the year when the shop opened, call 12345678')).toEqual([]);
  });
});
