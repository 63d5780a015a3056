import type { PrivacyFinding } from '../policy/types.js';
import { digitRuns } from './digit-runs.js';
import { isStreetWord } from './street-words.js';

/**
 * Postal addresses, by lower-confidence heuristics around each number in the text (one line at a time):
 * - a building number followed by up to six words of which one is a street type or a compound street
 *   name ("42 Baker Street", "87 Rue Joseph Vernet") — 0.7;
 * - a building number, capitalised words and another number ("30 Tawastintie 72") — 0.65;
 * - a street word right before a number ("Frørupvej 58", "Lille Vibyvej 8") — 0.65;
 * - a number and capitalised words after an address cue ("address is", "lives at", "sent to") — 0.6;
 * - unit, box and military lines ("Apt. 591", "Suite 285", "P.O. Box 12", "PSC 4296, Box 4371",
 *   "APO AA 03140") and "ST 12345" state + ZIP — 0.6;
 * - a ZIP/postcode after its cue ("zip code is 29812") — 0.7;
 * - in a block of three or more lines, a line holding only a building number and one to four
 *   capitalised words (and maybe a second number) — 0.55.
 * Spans cover the part of the address found, not necessarily all of it; overlapping pieces are merged.
 */
const NUMBER_AT = /\d{1,5}(?:st|nd|rd|th|[a-zA-Z])?(?: \d{1,5})?(?= \p{L})/uy;
const WORD_AT = /,? ([\p{L}][\p{L}'’.-]*)/uy;
const TRAILING_NUMBER_AT = / \d{1,5}[a-zA-Z]?(?![\p{L}\p{N}])/uy;
const LETTER = /\p{L}/u;
const BAD_BEFORE = /[\p{L}\p{N}_.,/:-]/u;
const FUNCTION_WORD =
  /^(?:for|and|or|in|on|after|before|the|to|at|is|was|but|so|if|then|please|i|it|of|by|from|with)$/i;
const PARTICLE = /^(?:de|del|della|di|da|do|dos|das|du|des|la|le|van|von|der|den|het|ter|ten|y|e|el|al|och)$/;
const UPPER_START = /^\p{Lu}/u;
const CALENDAR =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\.?,?$/i;
const ADDRESS_CUE =
  /\b(?:address is|address:|addresses?,? here they are:|lives? at|living at|located at|sent to|send (?:it )?to|moved to|meet me at|office is at|return to|arrived at|taxi to|deliver(?:ed)? to|ship(?:ped)? to|to the same:)\s*$/;
const UNIT_BEFORE = /(?:\b(?:apt|apartment|suite|ste|unit|flat|box|psc)\.? ?#?|\b[APD]PO A[AEP] )$/i;
const STATE_BEFORE = /\p{L},? [A-Z]{2} $/u;
const ZIP_BEFORE = /\b(?:zip|zip code|zipcode|postcode|post code|postal code)\b(?: is)?:?\s*$/i;
const BLOCK_LINE = /^[ \t>?]*\d{1,5}(?: \d{1,5})?((?: [\p{L}][\p{L}'’.-]*){1,4})(?: \d{1,5}[a-zA-Z]?)?,?$/u;

/**
 * Words that read like a street name: capitalised (particles like "de", "van" aside; so never in a text
 * written all in lower case), one of four letters or more, no month or weekday names.
 * "8 elements of order 15", "34 L 18" and "10th May 1839" are not addresses.
 */
function nameLike(words: readonly string[], lowerCaseText: boolean): boolean {
  if (words.some((w) => CALENDAR.test(w)) || !words.some((w) => w.length >= 4)) return false;
  if (lowerCaseText) return false;
  return words.some((w) => UPPER_START.test(w)) && words.every((w) => UPPER_START.test(w) || PARTICLE.test(w));
}

/** Words (up to six, same line) after a building number, and a trailing number if any. */
function wordsFrom(text: string, pos: number): { words: string[]; end: number; trailingNumber: boolean } {
  const words: string[] = [];
  let end = pos;
  while (words.length < 6) {
    WORD_AT.lastIndex = end;
    const w = WORD_AT.exec(text);
    if (!w || FUNCTION_WORD.test(w[1] ?? '')) break;
    words.push(w[1] ?? '');
    end = WORD_AT.lastIndex;
  }
  TRAILING_NUMBER_AT.lastIndex = end;
  const trailing = words.length > 0 && TRAILING_NUMBER_AT.exec(text) !== null;
  return { words, end: trailing ? TRAILING_NUMBER_AT.lastIndex : end, trailingNumber: trailing };
}

/** Building number + words: the main rule. */
function numberWords(text: string, start: number, lowerCaseText: boolean, out: PrivacyFinding[]): void {
  NUMBER_AT.lastIndex = start;
  const m = NUMBER_AT.exec(text);
  if (!m) return;
  const { words, end, trailingNumber } = wordsFrom(text, NUMBER_AT.lastIndex);
  if (words.length === 0) return;
  const hasStreet = words.some((w) => isStreetWord(w));
  const named = !hasStreet && nameLike(words, lowerCaseText);
  const numbered = named && trailingNumber;
  const cue = named && !numbered && ADDRESS_CUE.test(text.slice(Math.max(0, start - 40), start).toLowerCase());
  if (!hasStreet && !numbered && !cue) return;
  out.push({ type: 'street_address', start, end, score: hasStreet ? 0.7 : numbered ? 0.65 : 0.6 });
}

/** Rules that look at what stands right before a number. */
function beforeNumber(text: string, start: number, end: number, out: PrivacyFinding[]): void {
  const prev = text[start - 1] ?? '';
  if (prev !== ' ' && prev !== '#' && prev !== '.' && prev !== '\t' && !LETTER.test(prev)) return;
  const before = text.slice(Math.max(0, start - 30), start);
  const len = end - start;
  if (UNIT_BEFORE.test(before)) {
    const unit = /(?:apt|apartment|suite|ste|unit|flat|box|psc|[APD]PO)[^\n]*$/i.exec(before);
    out.push({ type: 'street_address', start: start - (unit?.[0].length ?? 0), end, score: 0.6 });
  } else if (len === 5 && STATE_BEFORE.test(before)) {
    out.push({ type: 'street_address', start: start - 3, end, score: 0.6 });
  } else if (len >= 4 && len <= 6 && ZIP_BEFORE.test(before)) {
    out.push({ type: 'street_address', start, end, score: 0.7 });
  } else if (before.endsWith(' ') && LETTER.test(before[before.length - 2] ?? '')) {
    let wordStart = start - 1;
    while (wordStart > 0 && LETTER.test(text[wordStart - 1] ?? '')) wordStart--;
    if (!isStreetWord(text.slice(wordStart, start - 1))) return;
    if (LETTER.test(text[end] ?? '')) return;
    const prev = /(\p{Lu}[\p{L}'’.-]*) $/u.exec(text.slice(Math.max(0, wordStart - 30), wordStart));
    out.push({ type: 'street_address', start: wordStart - (prev?.[0].length ?? 0), end, score: 0.65 });
  }
}

function blockLines(text: string, lowerCaseText: boolean, out: PrivacyFinding[]): void {
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const m = BLOCK_LINE.exec(line);
    if (m && nameLike((m[1] ?? '').trim().split(' '), lowerCaseText)) {
      const offset = line.search(/\d/);
      out.push({
        type: 'street_address',
        start: lineStart + offset,
        end: lineStart + line.trimEnd().length,
        score: 0.55,
      });
    }
    lineStart = lineEnd + 1;
  }
}

export function detectStreetAddress(text: string): PrivacyFinding[] {
  const runs = digitRuns(text);
  if (runs.length === 0) return [];
  const out: PrivacyFinding[] = [];
  const lowerCaseText = !/\p{Lu}/u.test(text);
  for (const run of runs) {
    if (run.start > 0 && BAD_BEFORE.test(text[run.start - 1] ?? '')) {
      // Inside a longer token ("4B", "12.5", "ab-12"): only the "what is before" rules can apply.
      if (text[run.start - 1] !== ' ' && text[run.start - 1] !== '#') continue;
    }
    if (run.end - run.start <= 5) numberWords(text, run.start, lowerCaseText, out);
    beforeNumber(text, run.start, run.end, out);
  }
  if (text.indexOf('\n') !== text.lastIndexOf('\n')) blockLines(text, lowerCaseText, out);
  return mergeSameType(out);
}

/** Overlapping address pieces become one span with the highest score. */
function mergeSameType(spans: PrivacyFinding[]): PrivacyFinding[] {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: PrivacyFinding[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      last.score = Math.max(last.score, s.score);
    } else merged.push({ ...s });
  }
  return merged;
}
