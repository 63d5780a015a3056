import { isValidIBAN, ValidationErrorsIBAN, validateIBAN } from 'ibantools';
import type { PrivacyFinding } from '../policy/types.js';
import { windowBefore } from './text-window.js';

/**
 * IBANs, compact (`GB29NWBK60161331926819`) or printed in groups of four (`GB29 NWBK 6016 1331 9268 19`),
 * any letter case. Validated with ibantools (country length, BBAN format, mod-97 checksum): score 0.95.
 *
 * Trade-off: with an IBAN cue before it ("iban", "account", "transfer", …), a candidate is also reported
 * (0.6) when its only fault is the checksum (a typo still identifies an account), or when the mod-97
 * checksum holds but the length/BBAN format does not match the country's spec (generators and
 * customers produce such strings; the checksum makes a chance match ~1%). Without a cue only fully
 * valid IBANs count. All IBANs in the Presidio-generated dev set are fully valid.
 */
const CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])/g;
const PREFILTER = /[A-Za-z]{2}\d{2}/;
const IBAN_CUE = /\b(?:iban|account|acct|transfer|wire|bank|sepa|pay|payment)\b/;

/** ISO 7064 mod 97-10 over the rearranged IBAN (letters as 10–35), computed digit by digit. */
export function ibanMod97(compact: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

function scoreOf(compact: string, cue: () => boolean): number {
  // The hand-written mod-97 first: it is cheap, and most candidates fail it.
  const checksum = ibanMod97(compact);
  if (checksum && isValidIBAN(compact)) return 0.95;
  if (!cue()) return 0;
  // With a cue: a valid checksum on a string whose length or BBAN format does not fit the country's
  // spec (or a country without IBANs), or a checksum error alone (a typo), still reads as an IBAN.
  if (checksum) return 0.6;
  const { errorCodes } = validateIBAN(compact);
  const onlyChecksum =
    errorCodes.length > 0 &&
    errorCodes.every(
      (e) => e === ValidationErrorsIBAN.WrongIBANChecksum || e === ValidationErrorsIBAN.WrongAccountBankBranchChecksum,
    );
  return onlyChecksum ? 0.6 : 0;
}

export function detectIban(text: string): PrivacyFinding[] {
  if (!PREFILTER.test(text)) return [];
  const out: PrivacyFinding[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    // A spaced candidate may have swallowed a following short word ("… 9268 19 for"): drop trailing
    // groups until the rest validates.
    let raw = m[0];
    const cue = () => IBAN_CUE.test(windowBefore(text, m.index, 40));
    for (let attempt = 0; attempt < 3 && raw.length >= 12; attempt++) {
      const compact = raw.replace(/ /g, '').toUpperCase();
      const score = scoreOf(compact, cue);
      if (score > 0) {
        out.push({ type: 'iban', start: m.index, end: m.index + raw.length, score });
        break;
      }
      const lastSpace = raw.lastIndexOf(' ');
      if (lastSpace < 0) break;
      raw = raw.slice(0, lastSpace);
    }
  }
  return out;
}
