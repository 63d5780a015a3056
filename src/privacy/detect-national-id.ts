import type { PrivacyFinding } from '../policy/types.js';
import { type DigitChain, digitChains } from './digit-chains.js';
import { type DigitRun, digitRuns } from './digit-runs.js';
import { luhnValid } from './luhn.js';
import { validBsn, validDni, validNie, validNinoPrefix, validSsn } from './national-id-rules.js';
import { windowAfter, windowBefore } from './text-window.js';

/**
 * National identifiers whose format carries its own validity rules:
 * - US SSN in 3-2-4 groups with any separators (0.85–0.9), any other layout with an SSN cue (0.97);
 *   never-issued ranges (area 000/666/9xx, group 00, serial 0000) are rejected, with or without a cue.
 * - UK NINO `AB 12 34 56 C` (prefix rules; 0.85, 0.95 with a cue).
 * - Spanish DNI `12345678Z` and NIE `X1234567L` (mod-23 control letter; 0.9).
 * - Dutch BSN (11-proof) and Canadian SIN (Luhn), 9 digits, only with their cue words (0.85).
 *
 * Identifiers recognised by context alone (driver's licence, passport, membership numbers) are not
 * national_id: they are reported by `detect-account-number` as `account_number`, which the default
 * rules also class restricted. Keeping national_id for validated formats keeps its precision high.
 */
const SSN_CUE = /\b(?:ssns?|ss ?#|ss no|ss number|social|soc\.? ?sec|taxpayer|tax id|tax number)\b|ss#/;
const UNIT_BEFORE = /\b(?:apt|apartment|suite|ste|unit|box|flat|room|rm|floor|fl|bldg|building|lot|no)\.?\s*$/;
const NAME_AFTER = /^[ \t]+\p{Lu}\p{Ll}/u;
const NINO_UPPER = /(?<![\w])([A-Z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![\w])/g;
const NINO_ANY_CASE = /(?<![\w])([A-Za-z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-Da-d])(?![\w])/g;
const NINO_CUE = /\b(?:national insurance|nino|ni number|ni no)\b/;
const DNI_NIE = /(?<![\w-])(?:([XYZxyz])-?(\d{7})|(\d{8}))-?([A-Za-z])(?![\w])/g;
const NINE_DIGITS = /(?<![\w-])(\d{3})([ -]?)(\d{3})\2(\d{3})(?![\w]|-\d)/g;
const BSN_CUE = /\b(?:bsn|burgerservicenummer|citizen service number)\b/;
const SIN_CUE = /\b(?:sin|social insurance)\b/;
const NINE_DIGIT_CUES = /\b(?:bsn|burgerservicenummer|citizen service number|sin|social insurance)\b/i;

/**
 * SSNs as people write them: groups of 3-2-4 split by any separators (dashes, spaces of any width,
 * dots, slashes; see digit-chains.ts), or all nine digits in any other grouping or none. The 3-2-4
 * layout is distinctive enough on its own (dashed 0.9, other separators 0.85); any other layout needs an
 * SSN cue within 60 characters before or 30 after (0.97). Never-issued ranges are always rejected.
 */
function detectSsn(text: string, out: PrivacyFinding[]): void {
  for (const chain of digitChains(text)) {
    const asRuns = chain.runs.map((r) => ({ start: r.start, end: r.end, digits: r.end - r.start }));
    if (!ssnInGroups(text, chain, asRuns, out)) ssnInGroups(text, chain, mergedAtLineBreaks(text, chain.runs), out);
  }
}

/** SSNs among a chain's digit groups; true when one was found. */
function ssnInGroups(
  text: string,
  chain: DigitChain,
  groups: readonly { start: number; end: number; digits: number }[],
  out: PrivacyFinding[],
): boolean {
  let found = false;
  for (let i = 0; i < groups.length; i++) {
    let digits = 0;
    for (let j = i; j < groups.length && j < i + 4; j++) {
      const r = groups[j];
      const first = groups[i];
      if (!r || !first) break;
      digits += r.digits;
      if (digits > 9) break;
      if (digits < 9) continue;
      const whole = i === 0 && j === groups.length - 1;
      if ((i === 0 && chain.gluedLeft) || (j === groups.length - 1 && chain.gluedRight)) break;
      if (text[first.start - 1] === '+') break;
      const number = groups
        .slice(i, j + 1)
        .map((g) => text.slice(g.start, g.end).replace(/\D/g, ''))
        .join('');
      if (!validSsn(number.slice(0, 3), number.slice(3, 5), number.slice(5))) break;
      const layout = j === i + 2 && first.digits === 3 && groups[i + 1]?.digits === 2;
      const cue = SSN_CUE.test(windowBefore(text, first.start, 60)) || SSN_CUE.test(windowAfter(text, r.end, 30));
      if (!cue && !(layout && whole)) break;
      // Without a cue, a spaced 3-2-4 after a unit word or before a capitalised word is an address
      // ("Suite 680 36 4022 Oakridge Lane"), not an SSN.
      if (
        !cue &&
        (UNIT_BEFORE.test(windowBefore(text, first.start, 16)) || NAME_AFTER.test(text.slice(r.end, r.end + 8)))
      )
        break;
      const dashed = text.slice(first.start, r.end).replace(/\d/g, '') === '--';
      out.push({ type: 'national_id', start: first.start, end: r.end, score: cue ? 0.97 : dashed ? 0.9 : 0.85 });
      found = true;
      i = j;
      break;
    }
  }
  return found;
}

/**
 * The chain's digit groups, with runs split by a bare line break joined while a group is shorter than
 * the 3-2-4 layout expects: a number cut inside a group over two messages or lines ("197 0" / "6 8145",
 * "525\n0" / "5\n4602") keeps its layout.
 */
function mergedAtLineBreaks(text: string, runs: readonly DigitRun[]): { start: number; end: number; digits: number }[] {
  const groups: { start: number; end: number; digits: number }[] = [];
  const targets = [3, 2, 4];
  for (const run of runs) {
    const last = groups[groups.length - 1];
    const target = targets[(groups.length - 1) % 3] ?? 0;
    if (last && run.start === last.end + 1 && text[last.end] === '\n' && last.digits < target) {
      last.end = run.end;
      last.digits += run.end - run.start;
    } else {
      groups.push({ start: run.start, end: run.end, digits: run.end - run.start });
    }
  }
  return groups;
}

function detectNino(text: string, out: PrivacyFinding[]): void {
  // Upper case always; any case only when a NINO cue is somewhere in the text (lower-case letter pairs
  // followed by digits are too easy to hit by chance).
  const anyCase = NINO_CUE.test(text.toLowerCase());
  const re = anyCase ? NINO_ANY_CASE : NINO_UPPER;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const [raw, prefix = ''] = m;
    if (!validNinoPrefix(prefix)) continue;
    const cue = NINO_CUE.test(windowBefore(text, m.index, 40));
    if (raw !== raw.toUpperCase() && !cue) continue;
    out.push({ type: 'national_id', start: m.index, end: m.index + raw.length, score: cue ? 0.95 : 0.85 });
  }
}

function detectSpanish(text: string, out: PrivacyFinding[]): void {
  DNI_NIE.lastIndex = 0;
  for (let m = DNI_NIE.exec(text); m !== null; m = DNI_NIE.exec(text)) {
    const [raw, niePrefix, nieDigits, dniDigits, letter = ''] = m;
    const ok = niePrefix ? validNie(niePrefix, nieDigits ?? '', letter) : validDni(dniDigits ?? '', letter);
    if (ok) out.push({ type: 'national_id', start: m.index, end: m.index + raw.length, score: 0.9 });
  }
}

function detectNineDigitWithCue(text: string, out: PrivacyFinding[]): void {
  if (!NINE_DIGIT_CUES.test(text)) return;
  for (const m of text.matchAll(NINE_DIGITS)) {
    const digits = (m[1] ?? '') + (m[3] ?? '') + (m[4] ?? '');
    const before = windowBefore(text, m.index, 40);
    const ok = (BSN_CUE.test(before) && validBsn(digits)) || (SIN_CUE.test(before) && luhnValid(digits));
    if (ok) out.push({ type: 'national_id', start: m.index, end: m.index + m[0].length, score: 0.85 });
  }
}

/** Which formats can occur at all, judged from the digit runs alone (saves regex passes over the text). */
function possibleFormats(text: string, runs: readonly DigitRun[]) {
  let nino = false;
  let spanish = false;
  let nine = false;
  const isLetter = (i: number) => {
    const c = text.charCodeAt(i) | 32;
    return c >= 97 && c <= 122;
  };
  const lengthsAfter = (i: number, ...lengths: number[]) =>
    lengths.every((len, k) => {
      const prev = runs[i + k];
      const next = runs[i + k + 1];
      return prev && next && next.start === prev.end + 1 && next.end - next.start === len;
    });
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    if (!r) continue;
    const len = r.end - r.start;
    if (len === 9) nine = true;
    if (len === 3 && lengthsAfter(i, 3, 3)) nine = true;
    const lettersBefore = isLetter(r.start - 1)
      ? isLetter(r.start - 2)
      : isLetter(r.start - 2) && isLetter(r.start - 3);
    if (lettersBefore && (len === 6 || (len === 2 && lengthsAfter(i, 2, 2)))) nino = true;
    if (len === 8 || (len === 7 && (isLetter(r.start - 1) || text[r.start - 1] === '-'))) spanish = true;
  }
  return { nino, spanish, nine };
}

export function detectNationalId(text: string): PrivacyFinding[] {
  const out: PrivacyFinding[] = [];
  const runs = digitRuns(text);
  if (runs.length === 0) return out;
  const may = possibleFormats(text, runs);
  detectSsn(text, out);
  if (may.nino) detectNino(text, out);
  if (may.spanish) detectSpanish(text, out);
  if (may.nine) detectNineDigitWithCue(text, out);
  return out;
}
