import { countrySpecs, isValidIBAN, ValidationErrorsIBAN, validateIBAN } from 'ibantools';
import type { PrivacyFinding } from '../policy/types.js';
import { isSeparatorGap } from './digit-chains.js';
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
const PREFILTER = /[A-Za-z]{2}[ .-]{0,2}\d[ .-]{0,2}\d/;
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

/**
 * IBANs by their country's rules, with or without a label and in any grouping: from a country code and
 * two check digits, read exactly the country's IBAN length in letters and digits, skipping separator
 * runs (see `isSeparatorGap`) (spaces of any width, hyphens, dots, slashes, line breaks), and test mod-97 and
 * the country's BBAN format. Fully valid (ibantools, national check digits included): 0.95; mod-97
 * and BBAN format valid but a national check digit off (how generated and mistyped IBANs look): 0.9.
 */
const ANCHOR = /(?<![A-Za-z0-9])[A-Za-z]{2}[ .-]{0,2}\d[ .-]{0,2}\d/g;
const SEPARATOR = /[ \t\n\r.\-/]/;
const ALNUM = /[A-Za-z0-9]/;
const BBAN_FORMATS = new Map<string, RegExp>();

function bbanFormat(country: string): RegExp | undefined {
  let re = BBAN_FORMATS.get(country);
  const source = countrySpecs[country]?.bban_regexp;
  if (!re && source) {
    re = new RegExp(source);
    BBAN_FORMATS.set(country, re);
  }
  return re;
}

/** The IBAN read from `index` by its country's length, or undefined when the characters run out. */
function readIban(text: string, index: number, length: number): { compact: string; end: number } | undefined {
  let compact = '';
  let i = index;
  while (i < text.length && compact.length < length) {
    const c = text[i] ?? '';
    if (ALNUM.test(c)) {
      compact += c;
      i++;
      continue;
    }
    let gap = 0;
    while (gap < 6 && SEPARATOR.test(text[i + gap] ?? '')) gap++;
    if (!isSeparatorGap(text, i, i + gap) || !ALNUM.test(text[i + gap] ?? '')) return undefined;
    i += gap;
  }
  if (compact.length < length || ALNUM.test(text[i] ?? '')) return undefined;
  return { compact: compact.toUpperCase(), end: i };
}

function detectByCountryRules(text: string, out: PrivacyFinding[]): void {
  ANCHOR.lastIndex = 0;
  for (let m = ANCHOR.exec(text); m !== null; m = ANCHOR.exec(text)) {
    const country = m[0].slice(0, 2).toUpperCase();
    const spec = countrySpecs[country];
    if (!spec?.chars) continue;
    const read = readIban(text, m.index, spec.chars);
    if (!read || !ibanMod97(read.compact)) continue;
    const bban = read.compact.slice(4);
    if (!bbanFormat(country)?.test(bban)) continue;
    const score = isValidIBAN(read.compact) ? 0.95 : 0.9;
    out.push({ type: 'iban', start: m.index, end: read.end, score });
    ANCHOR.lastIndex = read.end;
  }
}

export function detectIban(text: string): PrivacyFinding[] {
  if (!PREFILTER.test(text)) return [];
  const out: PrivacyFinding[] = [];
  detectByCountryRules(text, out);
  for (const m of text.matchAll(CANDIDATE)) {
    // A spaced candidate may have swallowed a following short word ("… 9268 19 for"): drop trailing
    // groups until the rest validates.
    let raw = m[0];
    const cue = () => IBAN_CUE.test(windowBefore(text, m.index, 40));
    for (let attempt = 0; attempt < 3 && raw.length >= 12; attempt++) {
      const compact = raw.replace(/ /g, '').toUpperCase();
      const score = scoreOf(compact, cue);
      if (score > 0) {
        if (out.some((f) => f.start <= m.index && m.index < f.end)) break;
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
