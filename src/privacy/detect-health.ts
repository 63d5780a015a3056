import type { PrivacyFinding } from '../policy/types.js';
import { HEALTH_TERMS } from './health-terms.js';

/**
 * Health information: a medical condition, medication, procedure or diagnosis word from `HEALTH_TERMS`
 * (matched on whole words, case-insensitive). Score 0.7; generic care words ("patient", "symptoms",
 * "history of") score 0.55 and count only when a second health term is in the same text.
 *
 * Whole-word matching: the term must not be glued to letters or digits on either side
 * ("depressing" does not match "depression", "TalkAnorexia" does not match "anorexia").
 */
const GENERIC = new Set(['patient', 'symptoms', 'history of', 'infection', 'therapist', 'operation on my']);
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One alternation, longest terms first; irregexp scans it natively, faster than a per-word loop. */
const TERMS = new RegExp(
  `\\b(?:${[...HEALTH_TERMS]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')})(?![a-z0-9])`,
  'gi',
);

export function detectHealth(text: string): PrivacyFinding[] {
  const found: PrivacyFinding[] = [];
  TERMS.lastIndex = 0;
  for (let m = TERMS.exec(text); m !== null; m = TERMS.exec(text)) {
    const generic = GENERIC.has(m[0].toLowerCase());
    found.push({ type: 'health', start: m.index, end: m.index + m[0].length, score: generic ? 0.55 : 0.7 });
  }
  if (found.length === 0) return found;
  // Generic care words count only next to another health term.
  const keep = found.length > 1;
  return found.filter((f) => f.score >= 0.7 || keep).map((f) => (f.score < 0.7 ? { ...f, score: 0.6 } : f));
}
