import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { PrivacyFinding } from '../policy/types.js';
import { digitCount, digitRuns } from './digit-runs.js';
import { phoneShape, strongPhoneShape } from './phone-shape.js';

/**
 * Phone numbers in international (`+44 20 7946 0958`, `001-748-088-2851x818`) and national formats
 * (`(020) 7946 0958`, `06-24312407`, `089 72 63 41`), with extensions.
 *
 * A candidate is a run of digit groups joined by single spaces, dots, hyphens, slashes or parentheses. It is
 * reported when:
 * - a phone cue precedes it ("call", "phone:", "mobile", "reach", "my number is", …) or a label follows
 *   it ("office", "-Fax", "mobile"): 6–15 digits, score 0.85;
 * - or its layout alone is phone-like (see `strongPhoneShape`): score 0.75;
 * - or, with neither, libphonenumber-js parses it as a valid number (international numbers on their
 *   own, national ones as US numbers): score 0.7.
 *
 * Validation trade-off: the Presidio-generated data uses Faker numbers from many locales, most of which
 * libphonenumber rejects (invalid area codes, 6-digit local numbers). Requiring libphonenumber validity
 * would lose most of them, and a parse costs ~25 µs (the whole scan has a 350 µs budget), so it only
 * decides borderline candidates; precision comes from context instead:
 * a candidate after a unit word (Apt., Suite, Box) or followed by a word on the same line that is not a
 * label or a function word (street names: "680 36 4022 Oakridge Lane") is rejected unless its layout is
 * strongly phone-like, and dates, dotted quads and unseparated runs without a cue are never phones.
 */
const GROUP = String.raw`(?:\(\+?\d{1,5}\)|\d{1,14})`;
const SEP = String.raw`(?:[ ./-]|(?<=\))[ ./-]?|(?=\())`;
const CANDIDATE = new RegExp(
  String.raw`(?:\+|00)?${GROUP}(?:${SEP}${GROUP}){0,7}(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?(?![\w@/]|[.:-]\d)`,
  'iy',
);
const BAD_BEFORE = /[\w+@/.-]/;
const PHONE_CUE =
  /\b(?:phone|phones|tel|telephone|mobile|mob|cell|cellphone|fax|desk|call|called|calling|ring|dial|reach|reached|answering|contact|text|texts|sms|whatsapp|message|messages|registered|hotline|helpline|landline)\b/;
const NUMBER_CUE = /\b(?:my|your|his|her|our|their|contact|direct|home|work|office) (?:number|no\.?|#)(?: is)?:?\s*$/;
const OTHER_NUMBER =
  /\b(?:card|cc|account|acct|licen[cs]e|passport|policy|order|tracking|reference|ref|member|customer|invoice|routing|serial|social|ssn|iban|id|zip|postcode|postal|ticket|case|booking|confirmation|transaction|receipt)\b/;
const LABEL_AFTER =
  /^[ \t]*[-(,/]?[ \t]*(?:office|fax|mobile|cell|home|work|tel|phone|direct|desk|landline|whatsapp|main)\b/;
const UNIT_BEFORE = /\b(?:apt|apartment|suite|ste|unit|box|flat|room|rm|floor|fl|bldg|building|lot)\.?\s*$/;
const WORD_AFTER = /^[ \t]+([\p{L}][\p{L}'’.]*)/u;
const FUNCTION_WORDS = new Set(
  (
    "i i’d i’m i’ll i'd i'm i'll and or if for to please thanks thank anytime today tomorrow tonight after before " +
    'between until but so as at on in from we you he she they it is was are my any during when or ext extension ' +
    'x and/or asap monday tuesday wednesday thursday friday saturday sunday am pm then now'
  ).split(' '),
);

/** Cue window: up to 40 characters before the candidate, cut at the previous digit. */
function cueWindow(text: string, index: number): string {
  let from = index;
  const min = Math.max(0, index - 40);
  while (from > min) {
    const c = text.charCodeAt(from - 1);
    if (c >= 48 && c <= 57) break;
    from--;
  }
  return text.slice(from, index).toLowerCase();
}

const PHONE_CUE_ALL = new RegExp(PHONE_CUE.source, 'g');

/** The part of a cue window after its last phone cue word (all of it when there is none). */
function afterLastCue(before: string): string {
  let end = 0;
  for (const m of before.matchAll(PHONE_CUE_ALL)) end = m.index + m[0].length;
  return before.slice(end);
}

function hasCue(before: string, after: string): boolean {
  if (PHONE_CUE.test(before) || LABEL_AFTER.test(after)) return true;
  return NUMBER_CUE.test(before) && !OTHER_NUMBER.test(before);
}

function libValid(raw: string, international: boolean): boolean {
  const parsed = international
    ? parsePhoneNumberFromString(raw.startsWith('00') ? '+' + raw.slice(2) : raw)
    : parsePhoneNumberFromString(raw, 'US');
  return parsed?.isValid() ?? false;
}

export function detectPhone(text: string): PrivacyFinding[] {
  const runs = digitRuns(text);
  if (digitCount(runs) < 6) return [];
  const out: PrivacyFinding[] = [];
  let consumed = 0;
  for (const run of runs) {
    if (run.start < consumed) continue;
    // A candidate starts at the run, or at a "(" / "+" / "(+" right before it.
    let start = run.start;
    while (start > 0 && run.start - start < 2 && (text[start - 1] === '(' || text[start - 1] === '+')) start--;
    if (start > 0 && BAD_BEFORE.test(text[start - 1] ?? '')) continue;
    if (text[start - 1] === ':' && /\d/.test(text[start - 2] ?? '')) continue; // a time: 13:43:00.552
    CANDIDATE.lastIndex = start;
    const m = CANDIDATE.exec(text);
    if (!m) continue;
    consumed = start + m[0].length;
    const raw = m[0];
    const s = phoneShape(raw);
    if (s.digits < 6 || s.digits > 15 || s.dateLike) continue;
    if (!s.international && raw.split('.').length === 4 && s.groups.every((g) => g <= 3)) continue; // an IP address
    if (/^\d{3}-\d{2}-\d{4}$/.test(raw)) continue; // SSN layout
    const end = consumed;
    const before = cueWindow(text, m.index);
    const after = text.slice(end, end + 16).toLowerCase();
    const cue = hasCue(before, after);
    const strong = strongPhoneShape(raw, s);
    const separated = s.groups.length > 1 || s.parens || s.international;
    // An unseparated run needs a cue, and no other kind of number named nearer ("contact us about order 123…").
    if (!separated && (!cue || s.digits < 7 || OTHER_NUMBER.test(afterLastCue(before)))) continue;
    if (!strong) {
      if (UNIT_BEFORE.test(before)) continue;
      const word = WORD_AFTER.exec(after)?.[1];
      if (word !== undefined && !FUNCTION_WORDS.has(word) && !LABEL_AFTER.test(after)) continue;
    }
    let score = cue ? 0.85 : strong ? 0.75 : 0;
    // Borderline: no cue, no phone-like layout. libphonenumber decides (about 25 µs a call, so it is
    // kept off the common path).
    if (score === 0 && s.digits >= 8 && libValid(raw, s.international)) score = 0.7;
    if (score > 0) out.push({ type: 'phone', start, end, score });
  }
  return out;
}
