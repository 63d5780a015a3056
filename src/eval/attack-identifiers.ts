import { countrySpecs } from 'ibantools';

/** Valid identifiers for the attacker's generator (privacy-eval-attack.ts): cards by brand, IBANs, SSNs. */

/** A seeded random source, [0, 1). */
export type Random = () => number;
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
export const digits = (random: Random, n: number): string =>
  Array.from({ length: n }, () => String(Math.floor(random() * 10))).join('');

function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** Card brands: issuer prefixes (one picked at random, then padded) and lengths. */
export const CARDS: Record<string, { prefixes: (random: Random) => string; lengths: number[] }> = {
  'visa-13': { prefixes: () => '4', lengths: [13] },
  'visa-16': { prefixes: () => '4', lengths: [16] },
  'visa-19': { prefixes: () => '4', lengths: [19] },
  'mastercard-5x': { prefixes: (r) => String(51 + Math.floor(r() * 5)), lengths: [16] },
  'mastercard-2x': { prefixes: (r) => String(2221 + Math.floor(r() * 500)), lengths: [16] },
  amex: { prefixes: (r) => pick(r, ['34', '37']), lengths: [15] },
  discover: { prefixes: (r) => pick(r, ['6011', '65', String(644 + Math.floor(r() * 6))]), lengths: [16, 19] },
  jcb: { prefixes: (r) => String(3528 + Math.floor(r() * 62)), lengths: [16, 19] },
  unionpay: { prefixes: () => '62', lengths: [16, 17, 18, 19] },
  maestro: { prefixes: (r) => pick(r, ['5018', '5020', '5038', '6304', '6759', '6761']), lengths: [13, 15, 16, 19] },
  mir: { prefixes: (r) => String(2200 + Math.floor(r() * 5)), lengths: [16] },
  diners: { prefixes: (r) => pick(r, ['300', '305', '36', '38']), lengths: [14] },
};

export function card(random: Random, brand: string): string {
  const spec = CARDS[brand];
  if (!spec) throw new Error(`unknown brand ${brand}`);
  const prefix = spec.prefixes(random);
  const length = pick(random, spec.lengths);
  return luhnComplete(prefix + digits(random, length - prefix.length - 1));
}

/** A random BBAN matching the country's format, with correct mod-97 check digits. */
export function iban(random: Random, country: string): string {
  const spec = countrySpecs[country];
  if (!spec?.bban_regexp) throw new Error(`no IBAN spec for ${country}`);
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let bban = '';
  for (const m of spec.bban_regexp.matchAll(/\[([^\]]+)\]\{(\d+)\}/g)) {
    const chars = m[1] === '0-9' ? '0123456789' : m[1] === 'A-Z' ? upper : `0123456789${upper}`;
    for (let i = 0; i < Number(m[2]); i++) bban += pick(random, [...chars]);
  }
  const numeric = [...`${bban}${country}00`].map((c) => (c >= 'A' ? String(c.charCodeAt(0) - 55) : c)).join('');
  let remainder = 0;
  for (const c of numeric) remainder = (remainder * 10 + Number(c)) % 97;
  return `${country}${String(98 - remainder).padStart(2, '0')}${bban}`;
}

/** A US SSN in a valid range (area not 000, 666 or 900–999; group and serial not zero). */
export function ssn(random: Random): string {
  let area = 1 + Math.floor(random() * 898);
  if (area === 666) area = 667;
  const group = 1 + Math.floor(random() * 99);
  const serial = 1 + Math.floor(random() * 9999);
  return `${String(area).padStart(3, '0')}${String(group).padStart(2, '0')}${String(serial).padStart(4, '0')}`;
}
