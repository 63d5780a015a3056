import type { PrivacyFinding } from '../policy/types.js';
import { luhnValid } from './luhn.js';
import { windowBefore } from './text-window.js';

/**
 * Payment card numbers: 12–19 digits (12 only for Maestro, and only with a cue), compact or in groups split by one kind of separator (space or
 * hyphen; e.g. 4-4-4-4, 4-6-5 for Amex, 4-4-4-4-3).
 *
 * Validation and its trade-off:
 * - Luhn-valid with a known brand prefix (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay,
 *   Maestro): score 0.95, no context needed. Every card in the Presidio-generated dev set is of this kind.
 * - Luhn-valid, unknown prefix: only with a card cue nearby (card, cc, credit, debit, visa, …), 0.8.
 * - Luhn-invalid: only with a card cue nearby, 0.6. A mistyped card number is still a card number to
 *   the customer; requiring the cue keeps random long numbers (orders, tracking ids) out.
 */
const CANDIDATE = /(?<![\w-])\d{4}(?:([ -]?)\d{2,7})(?:\1\d{2,7}){0,3}(?!\w|-\d)/g;
const CARD_CUE =
  /\b(?:card|cards|cc|credit|debit|visa|mastercard|master card|amex|american express|discover|maestro|jcb|pan)\b/;

/** IIN ranges of the major brands, as digit-prefix tests (length is checked separately). */
function knownBrand(d: string): boolean {
  const n2 = Number(d.slice(0, 2));
  const n3 = Number(d.slice(0, 3));
  const n4 = Number(d.slice(0, 4));
  const n6 = Number(d.slice(0, 6));
  const len = d.length;
  if (d[0] === '4') return len === 13 || len === 16 || len === 19; // Visa
  if ((n2 >= 51 && n2 <= 55) || (n4 >= 2221 && n4 <= 2720)) return len === 16; // Mastercard
  if (n2 === 34 || n2 === 37) return len === 15; // Amex
  if (n4 === 6011 || n2 === 65 || (n3 >= 644 && n3 <= 649) || (n6 >= 622126 && n6 <= 622925)) {
    return len >= 16 && len <= 19; // Discover
  }
  if ((n3 >= 300 && n3 <= 305) || n2 === 36 || n2 === 38 || n2 === 39) return len >= 14 && len <= 19; // Diners
  if (n4 >= 3528 && n4 <= 3589) return len >= 15 && len <= 19; // JCB
  if (n2 === 62) return len >= 16 && len <= 19; // UnionPay
  if (n2 === 50 || (n2 >= 56 && n2 <= 69)) return len >= 12 && len <= 19; // Maestro
  return false;
}

export function detectCreditCard(text: string): PrivacyFinding[] {
  const out: PrivacyFinding[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const raw = m[0];
    const digits = raw.replace(/[ -]/g, '');
    if (digits.length < 12 || digits.length > 19) continue;
    const luhn = luhnValid(digits);
    let score: number;
    if (luhn && digits.length >= 13 && knownBrand(digits)) score = 0.95;
    else if (CARD_CUE.test(windowBefore(text, m.index, 40))) score = luhn ? 0.8 : 0.6;
    else continue;
    out.push({ type: 'credit_card', start: m.index, end: m.index + raw.length, score });
  }
  return out;
}
