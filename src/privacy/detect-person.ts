import type { PrivacyFinding } from '../policy/types.js';
import { AMBIGUOUS_NAMES, FIRST_NAMES } from './first-names.js';
import { NOT_NAMES, PARTICLES, TITLES } from './person-words.js';

/**
 * Person names, by fast heuristics (compromise's NER measured ~20 ms per 2 KB text here, 60× the scan
 * budget, so it is not used):
 * - a title and capitalised words: "Mrs. Diana Weöres", "Dr Rodney Radolič" — 0.8, span includes the title;
 * - a known given name (`FIRST_NAMES`) and any capitalised surname words after it — 0.8 with a surname,
 *   0.7 alone; names that are also common words ("Will", "May", "Jordan") need a surname or a cue;
 * - capitalised words after a strong cue ("my name is", "Name:", "this is", "Dear", "Hi") — 0.7;
 *   after a weak cue ("said", "says", "directed by", "add", "under", "speak to") only as two or more words
 *   or with a known given name — 0.6;
 * - a speaker label opening a line of dialogue (`Brodie: "Who are you?"`) — 0.6;
 * - a capitalised word joined by "and" / a comma to a name already found ("Leehy, Perkins and Copeland"
 *   once one of them is known) — 0.6;
 * - in an all-lower-case text, an unambiguous given name, or a title and the words after it — 0.6.
 * A possessive "'s" is not part of the span; a name after "San", "Port", "Saint"… is a place. Lower
 * confidence than the structured detectors by design.
 */
const TOKEN = /(?<![\p{L}\p{N}_@.'’-])\p{Lu}\p{Ll}+(?:['’-]\p{L}+)*(?:\p{Lu}\p{Ll}+)?(?![\p{L}\p{N}_@])/gu;
const POSSESSIVE = /['’]s$/;
const STRONG_CUE =
  /(?:\bmy name is|\bname is|\bname:|\bthis is|\bcalls? me|\bcalled me|\bnamed|\bdear|\bhi|\bhello|\bhey|\bregards,|\bsincerely,|\bcheers,)\s*$/;
const WEAK_CUE =
  /(?:\bsaid|\bsays|\b(?:directed|written|produced|performed|sung|composed|painted|signed|sent|approved|hosted) by|\badd|\bunder|\bspeak to|\bask for|\bstarring|\btold|\basked)\s*$/;
const SPEAKER = /^[ \t>]*$/;
const SPEAKER_AFTER = /^:\s*\\?["“]/;
const LIST_JOIN = /^(?:,\s*|\s+and\s+|,\s*and\s+|\s*&\s*)$/;
/** "San Giuseppe", "Port Edward", "Saint Lucia": a given name after these is a place. */
const PLACE_BEFORE =
  /\b(?:san|santa|santo|são|saint|st\.?|ste\.?|port|fort|mount|mt\.?|lake|cape|glen|villa|cite|cité)\s$/i;
const NUMBER_AFTER = /^\s*\d/;
const LOWER_TITLE = /\b(?:mr|mrs|ms|dr|miss|prof)\.? ([a-z][a-z'-]+)(?: ([a-z][a-z'-]+))?/g;

interface Token {
  start: number;
  end: number;
  lower: string;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const word = m[0].replace(POSSESSIVE, '');
    out.push({ start: m.index, end: m.index + word.length, lower: word.toLowerCase() });
  }
  return out;
}

/** Index of the last token of the surname run starting after token `i` (same line, single spaces). */
function surnameEnd(text: string, toks: readonly Token[], i: number): number {
  let last = i;
  for (let j = i + 1; j < toks.length && j <= i + 3; j++) {
    const prev = toks[last];
    const cur = toks[j];
    if (!prev || !cur || NOT_NAMES.has(cur.lower)) break;
    if (text[prev.end] === "'" || text[prev.end] === '’') break;
    const gap = text.slice(prev.end, cur.start);
    if (gap.includes('\n') || gap.length > 12 || !/^\s/.test(gap)) break;
    if (
      !gap
        .trim()
        .split(/\s+/)
        .every((w) => w === '' || PARTICLES.has(w))
    )
      break;
    last = j;
  }
  return last;
}

function lowerCaseNames(text: string, out: PrivacyFinding[]): void {
  for (const m of text.matchAll(LOWER_TITLE)) {
    out.push({ type: 'person', start: m.index, end: m.index + m[0].length, score: 0.6 });
  }
  for (const m of text.matchAll(/(?<![\p{L}\p{N}_@.])\p{Ll}+(?![\p{L}\p{N}_@])/gu)) {
    const w = m[0];
    if (FIRST_NAMES.has(w) && !AMBIGUOUS_NAMES.has(w) && !out.some((f) => f.start <= m.index && m.index < f.end)) {
      out.push({ type: 'person', start: m.index, end: m.index + w.length, score: 0.6 });
    }
  }
}

/** Score of a name starting at token `i` (0 = not a name), given whether a surname follows. */
function nameScore(text: string, toks: readonly Token[], i: number, withSurname: boolean): number {
  const t = toks[i];
  if (!t) return 0;
  const ambiguous = AMBIGUOUS_NAMES.has(t.lower);
  const known = ambiguous || FIRST_NAMES.has(t.lower);
  if (known && !ambiguous) return withSurname ? 0.8 : 0.7;
  const before = text.slice(Math.max(0, t.start - 24), t.start).toLowerCase();
  if (STRONG_CUE.test(before)) return 0.7;
  if (known && withSurname) return 0.75;
  if (WEAK_CUE.test(before) && (withSurname || known)) return 0.6;
  if (text[t.end] !== ':') return 0;
  const lineStart = text.lastIndexOf('\n', t.start - 1) + 1;
  if (SPEAKER.test(text.slice(lineStart, t.start)) && SPEAKER_AFTER.test(text.slice(t.end, t.end + 4))) return 0.6;
  return 0;
}

/** Capitalised words coordinated with a found name ("A, B and C"): names too. */
function coordinated(text: string, toks: readonly Token[], found: PrivacyFinding[]): void {
  const isName = toks.map((t) => found.some((f) => f.start <= t.start && t.end <= f.end));
  const joinable = (i: number) => {
    const t = toks[i];
    return t !== undefined && !isName[i] && !NOT_NAMES.has(t.lower) && !NUMBER_AFTER.test(text.slice(t.end, t.end + 3));
  };
  const joined = (a: Token, b: Token) => LIST_JOIN.test(text.slice(a.end, b.start));
  for (let i = 0; i < toks.length; i++) {
    if (!isName[i]) continue;
    for (let j = i + 1; j < toks.length && joinable(j) && joined(toks[j - 1] as Token, toks[j] as Token); j++) {
      isName[j] = true;
      found.push({ type: 'person', start: toks[j]?.start ?? 0, end: toks[j]?.end ?? 0, score: 0.6 });
    }
    for (let j = i - 1; j >= 0 && joinable(j) && joined(toks[j] as Token, toks[j + 1] as Token); j--) {
      isName[j] = true;
      found.push({ type: 'person', start: toks[j]?.start ?? 0, end: toks[j]?.end ?? 0, score: 0.6 });
    }
  }
}

export function detectPerson(text: string): PrivacyFinding[] {
  const out: PrivacyFinding[] = [];
  if (!/\p{Lu}/u.test(text)) {
    lowerCaseNames(text, out);
    return out;
  }
  const toks = tokens(text);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!t) continue;
    if (TITLES.has(t.lower)) {
      const next = toks[i + 1];
      const gap = next ? text.slice(t.end, next.start) : '';
      if (next && /^\.?\s{1,2}$/.test(gap) && !NOT_NAMES.has(next.lower)) {
        const last = surnameEnd(text, toks, i + 1);
        out.push({ type: 'person', start: t.start, end: (toks[last] ?? next).end, score: 0.8 });
        i = last;
      }
      continue;
    }
    if (NOT_NAMES.has(t.lower) || PLACE_BEFORE.test(text.slice(Math.max(0, t.start - 7), t.start))) continue;
    const last = surnameEnd(text, toks, i);
    const score = nameScore(text, toks, i, last > i);
    if (score === 0) continue;
    out.push({ type: 'person', start: t.start, end: (toks[last] ?? t).end, score });
    i = last;
  }
  if (out.length > 0 && toks.length > out.length) coordinated(text, toks, out);
  return out.sort((a, b) => a.start - b.start);
}
