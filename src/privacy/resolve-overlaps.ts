import type { EntityType, PrivacyFinding } from '../policy/types.js';

/**
 * Which entity wins when two findings overlap: validated, structured identifiers first (their
 * checksums make them the most certain reading of the characters), context and heuristic types last.
 * E.g. a Luhn-valid card number is never also a phone or account number; an email's local part is never
 * also a person.
 */
export const TYPE_PRIORITY: readonly EntityType[] = [
  'secret',
  'email',
  'credit_card',
  'iban',
  'national_id',
  'ip_address',
  'phone',
  'date_of_birth',
  'account_number',
  'street_address',
  'person',
  'custom',
  'health',
  'confidential',
];

const RANK = new Map<EntityType, number>(TYPE_PRIORITY.map((t, i) => [t, i]));

/** Findings validated by their format's own rules (checksums, ranges: score ≥ 0.9) beat guesses from context. */
const tier = (f: PrivacyFinding): number => (f.score >= 0.9 ? 0 : 1);

/**
 * Keeps a set of non-overlapping findings: validated findings (score ≥ 0.9) first, then higher-priority type, then higher score, then the longer
 * span; every finding overlapping an already kept one is dropped. Result sorted by start, then end.
 */
export function resolveOverlaps(findings: readonly PrivacyFinding[]): PrivacyFinding[] {
  const ranked = [...findings].sort(
    (a, b) =>
      tier(a) - tier(b) ||
      (RANK.get(a.type) ?? 99) - (RANK.get(b.type) ?? 99) ||
      b.score - a.score ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start,
  );
  const kept: PrivacyFinding[] = [];
  for (const f of ranked) {
    if (f.end <= f.start) continue;
    if (kept.some((k) => f.start < k.end && k.start < f.end)) continue;
    kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}
