import type { PrivacyFinding } from '../policy/types.js';
import { cardBrand } from './card-brands.js';
import { chainDigits, digitChains } from './digit-chains.js';
import { luhnValid } from './luhn.js';
import { windowBefore } from './text-window.js';

/**
 * Payment card numbers of every length a brand issues (12–19 digits), compact or in groups split by
 * any separators people use (spaces of any width, dots, slashes, hyphens, line breaks — see
 * digit-chains.ts), in any grouping (4-4-4-4, 4-6-5, 4-4-4-1, 4-4-4-4-3, …).
 *
 * Validation and its trade-off:
 * - Luhn-valid, with a brand's issuer range and length (card-brands.ts): score 0.95, no context needed.
 *   12-digit numbers (Maestro only) need a card cue as well.
 * - Luhn-valid, unknown prefix: only with a card cue nearby (card, cc, credit, debit, visa, …), 0.8.
 * - Luhn-invalid: only with a card cue nearby and as a whole chain of 13–19 digits, 0.6 (a mistyped card
 *   number is still a card number to the customer; the cue keeps order and tracking numbers out).
 * Inside a longer chain (a card followed by its expiry, "4111 1111 1111 1111 12/26") the longest
 * sub-chain that validates is the card. A chain right after `+` is a phone number's, never a card.
 */
const CARD_CUE =
  /\b(?:card|cards|cc|ccn|credit|debit|visa|mastercard|master card|amex|american express|discover|maestro|jcb|unionpay|union pay|mir|diners|pan|cvv|expiry|exp)\b/;

export function detectCreditCard(text: string): PrivacyFinding[] {
  const out: PrivacyFinding[] = [];
  for (const chain of digitChains(text)) {
    const { runs } = chain;
    let total = 0;
    for (const r of runs) total += r.end - r.start;
    // A chain glued to letters on its left is the tail of an alphanumeric token (an IBAN, a reference).
    if (total < 12 || chain.gluedLeft) continue;
    let cue: boolean | undefined;
    const hasCue = () => {
      cue ??= CARD_CUE.test(windowBefore(text, runs[0]?.start ?? 0, 48));
      return cue;
    };
    let i = 0;
    while (i < runs.length) {
      const start = runs[i];
      if (!start || text[start.start - 1] === '+') {
        i++;
        continue;
      }
      let best: { to: number; score: number } | undefined;
      let digits = 0;
      for (let j = i; j < runs.length; j++) {
        const r = runs[j];
        if (!r) break;
        digits += r.end - r.start;
        if (digits > 19) break;
        if (digits < 12 || (j === runs.length - 1 && chain.gluedRight)) continue;
        const number = chainDigits(text, runs, i, j);
        if (!luhnValid(number)) continue;
        const brand = cardBrand(number);
        const score = brand && (digits > 12 || hasCue()) ? 0.95 : hasCue() ? 0.8 : 0;
        if (score > 0 && (!best || score >= best.score)) best = { to: j, score };
      }
      if (best) {
        out.push({ type: 'credit_card', start: start.start, end: runs[best.to]?.end ?? start.end, score: best.score });
        i = best.to + 1;
        continue;
      }
      i++;
    }
    // A mistyped number (Luhn fails) still counts as a whole chain of card length right after a card cue.
    const first = runs[0];
    const last = runs[runs.length - 1];
    if (first && last && total >= 13 && total <= 19 && !chain.gluedRight && hasCue()) {
      if (!out.some((f) => f.start < last.end && first.start < f.end)) {
        out.push({ type: 'credit_card', start: first.start, end: last.end, score: 0.6 });
      }
    }
  }
  return out;
}
