import { describe, expect, it } from 'vitest';
import { cardBrand } from '../../../src/privacy/card-brands.js';
import { detectCreditCard } from '../../../src/privacy/detect-credit-card.js';
import { detectIban } from '../../../src/privacy/detect-iban.js';
import { scanText } from '../../../src/privacy/scan-text.js';

const cards = (text: string) => detectCreditCard(text).map((f) => text.slice(f.start, f.end));
const ibans = (text: string) => detectIban(text).map((f) => [text.slice(f.start, f.end), f.score]);

describe('card brands and lengths', () => {
  it('knows issuer ranges and lengths', () => {
    expect(cardBrand('4222222222222')).toBe('visa');
    expect(cardBrand('2221000000000009')).toBe('mastercard');
    expect(cardBrand('2200000000000004')).toBe('mir');
    expect(cardBrand('6200000000000005')).toBe('unionpay');
    expect(cardBrand('30000000000004')).toBe('diners');
    expect(cardBrand('2721000000000000')).toBeUndefined();
  });
  it('finds a 13-digit Visa in any grouping, as a card rather than a phone', () => {
    expect(cards('Here: 4222 222 222 222')).toEqual(['4222 222 222 222']);
    expect(scanText('call 4222.222.222.222').map((f) => f.type)).toEqual(['credit_card']);
  });
  it('finds a card followed by its expiry, and not a card glued to letters or after +', () => {
    expect(cards('4111 1111 1111 1111 12/26')).toEqual(['4111 1111 1111 1111']);
    expect(cards('ref AB4111111111111111')).toEqual([]);
    expect(cards('+4111111111111111')).toEqual([]);
  });
  it('near misses: Luhn-invalid without cue, wrong length for the brand', () => {
    expect(cards('4111 1111 1111 1112')).toEqual([]);
    expect(cards('3782 822463 1000')).toEqual([]);
  });
});

describe('IBANs by country rules', () => {
  it('finds bare IBANs whose only fault is a national check digit', () => {
    expect(ibans('Here it is: BE41179386749444')).toEqual([['BE41179386749444', 0.9]]);
  });
  it('finds fully valid IBANs in any grouping and separator', () => {
    expect(ibans('NO93 8601 1117 947')).toEqual([['NO93 8601 1117 947', 0.95]]);
    expect(ibans('pl61.1090.1014.0000.0712.1981.2874')).toEqual([['pl61.1090.1014.0000.0712.1981.2874', 0.95]]);
    expect(ibans('ES91 2100 0418\n4502 0005 1332 tx')).toEqual([['ES91 2100 0418\n4502 0005 1332', 0.95]]);
  });
  it('near misses: wrong mod-97, wrong length, unknown country', () => {
    expect(ibans('BE42179386749444')).toEqual([]);
    expect(ibans('BE4117938674944')).toEqual([]);
    expect(ibans('QQ41179386749444')).toEqual([]);
  });
});
