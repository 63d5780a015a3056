import type { PrivacyFinding } from '../policy/types.js';

/**
 * Dates of birth: a date within 40 characters after a birth cue (born, birth, DOB, birthday) —
 * numeric (`3/23/1940`, `23.03.1940`, `1940-03-23`) or written (`March 23, 1940`, `23rd of March 1940`).
 * Score 0.85. A date without a birth cue is not personal data on its own and is not reported.
 */
const CUE = /\b(?:born|birth|birthdate|birthday|dob|d\.o\.b\.?|date of birth)/gi;
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE = new RegExp(
  [
    '\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})',
    '\\d{4}-\\d{1,2}-\\d{1,2}',
    `(?:${MONTHS})\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}`,
    `\\d{1,2}(?:st|nd|rd|th)?(?: of)? (?:${MONTHS})\\.?,? \\d{4}`,
  ]
    .map((p) => `(?:${p})`)
    .join('|'),
  'gi',
);

export function detectDateOfBirth(text: string): PrivacyFinding[] {
  if (!/\d/.test(text)) return [];
  const out: PrivacyFinding[] = [];
  let lastEnd = -1;
  for (const cue of text.matchAll(CUE)) {
    const from = cue.index + cue[0].length;
    const window = text.slice(from, from + 48);
    DATE.lastIndex = 0;
    const m = DATE.exec(window);
    if (!m || m.index > 40) continue;
    const start = from + m.index;
    if (start < lastEnd) continue;
    // Digits glued to the date ("12/05/19801") mean it is some other number.
    if (/\d/.test(text[start - 1] ?? '') || /\d/.test(text[start + m[0].length] ?? '')) continue;
    out.push({ type: 'date_of_birth', start, end: start + m[0].length, score: 0.85 });
    lastEnd = start + m[0].length;
  }
  return out;
}
