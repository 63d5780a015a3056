import type { PrivacyFinding } from '../policy/types.js';
import { digitRuns } from './digit-runs.js';

/**
 * Account and other context-only identifier numbers: 5–20 digits (single spaces or hyphens allowed),
 * optionally with one or two leading letters and one trailing letter ("A56319335", "LH329609T"),
 * within 30 characters after a cue word — account, acct, a/c, routing, sort code, member/customer/policy
 * number, driver's licence, passport, tax id. Score 0.7.
 *
 * These identifiers have no checksum to validate, so the cue is required. Numbers that another detector
 * validates (a card after "card number", an IBAN after "account") win the overlap resolution in
 * `scanText`, so they are not reported twice. Numbers are assembled from the shared digit runs and only
 * their short left context is checked for a cue.
 */
const CUE =
  /\b(?:account|acct|a\/c|routing|aba|sort code|member(?:ship)?|customer|policy|client|licen[cs]e|passport|tax id|tin|vat|ein|itin|payee|beneficiary)\b[^\n]{0,30}$/;
const LETTER = /[A-Za-z]/;
const WORD = /\w/;

export function detectAccountNumber(text: string): PrivacyFinding[] {
  const runs = digitRuns(text);
  const out: PrivacyFinding[] = [];
  for (let i = 0; i < runs.length; i++) {
    const first = runs[i];
    if (!first) continue;
    // Join runs split by one space or hyphen: "0012-3456-78".
    let j = i;
    let digits = first.end - first.start;
    while (j + 1 < runs.length) {
      const next = runs[j + 1];
      const cur = runs[j];
      if (!next || !cur || next.start !== cur.end + 1 || !/[ -]/.test(text[cur.end] ?? '')) break;
      j++;
      digits += next.end - next.start;
    }
    const last = runs[j] ?? first;
    i = j;
    if (digits < 5 || digits > 20) continue;
    let start = first.start;
    while (start > 0 && first.start - start < 2 && LETTER.test(text[start - 1] ?? '')) start--;
    let end = last.end;
    if (LETTER.test(text[end] ?? '') && !WORD.test(text[end + 1] ?? '')) end++;
    if (WORD.test(text[start - 1] ?? '') || text[start - 1] === '-' || WORD.test(text[end] ?? '')) continue;
    const before = text.slice(Math.max(0, start - 48), start).toLowerCase();
    if (CUE.test(before)) out.push({ type: 'account_number', start, end, score: 0.7 });
  }
  return out;
}
