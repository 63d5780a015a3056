import { mulberry32 } from '../../src/random/mulberry32.js';

/** Seeded generators of valid identifiers for privacy tests (written here; no dataset is copied). */

/** Seeded floats in [0, 1). */
export const seededRandom = mulberry32;

const digits = (random: () => number, count: number) =>
  Array.from({ length: count }, () => Math.floor(random() * 10)).join('');

/** A Luhn-valid 16-digit Visa-like number, grouped by 4 with spaces or dashes (or compact). */
export function cardNumber(random: () => number): string {
  const body = `4${digits(random, 14)}`;
  let sum = 0;
  for (let index = 0; index < body.length; index += 1) {
    let digit = Number(body[body.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  const number = `${body}${(10 - (sum % 10)) % 10}`;
  const separator = [' ', '-', ''][Math.floor(random() * 3)]!;
  return number.match(/.{4}/g)!.join(separator);
}

/** A German IBAN with valid mod-97 check digits, printed compact or in groups of four. */
export function iban(random: () => number): string {
  const bban = digits(random, 18);
  const numeric = `${bban}131400`; // D=13, E=14, check digits 00
  let remainder = 0;
  for (const char of numeric) remainder = (remainder * 10 + Number(char)) % 97;
  const compact = `DE${String(98 - remainder).padStart(2, '0')}${bban}`;
  return random() < 0.5 ? compact : compact.match(/.{1,4}/g)!.join(' ');
}

/** A US SSN in an issued range (area not 000/666/9xx, group not 00, serial not 0000). */
export function ssn(random: () => number): string {
  let area = 1 + Math.floor(random() * 898);
  if (area === 666) area = 667;
  const group = 1 + Math.floor(random() * 99);
  const serial = 1 + Math.floor(random() * 9999);
  return `${String(area).padStart(3, '0')}-${String(group).padStart(2, '0')}-${String(serial).padStart(4, '0')}`;
}

export function email(random: () => number): string {
  const names = ['maria', 'li.wei', 'j.smith', 'oskar', 'amina.k', 'dev.ops'];
  return `${names[Math.floor(random() * names.length)]}${Math.floor(random() * 1000)}@example.com`;
}

export function phone(random: () => number): string {
  return `+1 415 555 ${digits(random, 4)}`;
}
