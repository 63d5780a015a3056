import type { PrivacyFinding } from '../policy/types.js';

/**
 * Confidential business documents (not personal data, but not for a public model either): explicit
 * markings ("CONFIDENTIAL", "internal use only", "do not distribute", "under NDA"), payroll and salary
 * records, and signed contracts or their clauses. Score 0.75; the default rules class them internal.
 *
 * The word "confidential" alone is a marking only in capitals or next to a document word ("confidential
 * report", "confidential: …"); a customer asking whether their data is kept confidential is not sharing a
 * confidential document.
 */
const MARKERS = new RegExp(
  [
    String.raw`\b(?:strictly|highly|company|business)[ -]confidential\b`,
    String.raw`\bconfidential(?:[ -](?:internal|document|doc|memo|report|draft|file|information|info|data|attachment|spreadsheet|minutes|figures|numbers|contract|agreement|payroll))\b`,
    String.raw`\b(?:internal|privileged)(?: and |/| & )confidential\b`,
    String.raw`\bconfidential\s*[:\-–]`,
    String.raw`\b(?:for )?internal (?:use )?only\b`,
    String.raw`\bdo not (?:distribute|forward|share externally)\b`,
    String.raw`\bnot for (?:distribution|external (?:use|distribution))\b`,
    String.raw`\b(?:under|covered by) (?:an |the |our )?(?:nda|non-disclosure agreement)\b`,
    String.raw`\b(?:proprietary and confidential|trade secrets?)\b`,
    String.raw`\bpayroll (?:data|file|export|report|list|sheet|spreadsheet|records?|details|figures)\b`,
    String.raw`\b(?:internal|confidential|company|employee|staff) payroll\b`,
    String.raw`\b(?:salary|pay) slips?\b|\bpayslips?\b`,
    String.raw`\b(?:salary|salaries|compensation) (?:bands?|data|spreadsheet|details of|list|review|figures) `,
    String.raw`\bsigned (?:contract|agreement|nda|term sheet|sow|statement of work)\b`,
    String.raw`\b(?:contract|agreement)\b[^.\n]{0,80}\bclause \d+`,
    String.raw`\bclause \d+(?:\.\d+)*\b[^.\n]{0,80}\b(?:contract|agreement)\b`,
  ].join('|'),
  'gi',
);
const UPPER_MARK = /\bCONFIDENTIAL\b/g;
const PREFILTER =
  /confidential|internal|distribut|nda|non-disclosure|proprietary|trade secret|payroll|slip|salar|compensation|signed|clause/i;

export function detectConfidential(text: string): PrivacyFinding[] {
  if (!PREFILTER.test(text)) return [];
  const out: PrivacyFinding[] = [];
  MARKERS.lastIndex = 0;
  for (const m of text.matchAll(MARKERS)) {
    out.push({ type: 'confidential', start: m.index, end: m.index + m[0].trimEnd().length, score: 0.75 });
  }
  UPPER_MARK.lastIndex = 0;
  for (const m of text.matchAll(UPPER_MARK)) {
    out.push({ type: 'confidential', start: m.index, end: m.index + m[0].length, score: 0.75 });
  }
  return out;
}
