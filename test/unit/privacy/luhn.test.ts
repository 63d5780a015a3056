import { describe, expect, it } from 'vitest';
import { luhnValid } from '../../../src/privacy/luhn.js';

describe('luhnValid', () => {
  it('accepts numbers whose mod-10 check passes', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('79927398713')).toBe(true);
  });
  it('rejects a changed digit, empty input and non-digits', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4111-1111-1111-1111')).toBe(false);
  });
});
