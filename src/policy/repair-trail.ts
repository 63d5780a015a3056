import type { AttemptRole, TrailEntry } from './types.js';

/** What the trail says about a repair: kinds of fixes and sizes, never the answer text. */
export interface RepairFacts {
  changes: string[];
  fromChars: number;
  toChars: number;
}

/** The attempt a repair line is about. */
interface AttemptLabel {
  n: number;
  role: AttemptRole;
  model: string;
}

/** An answer that did not parse, repaired and valid: no second paid call. */
export function repairedEntry(attempt: AttemptLabel, facts: RepairFacts): TrailEntry {
  return {
    step: 'repair',
    outcome: 'repaired',
    reason: `attempt ${attempt.n} ${attempt.role}/${attempt.model}: answer repaired (${facts.changes.join(', ')}) and valid`,
    detail: { changes: facts.changes, fromChars: facts.fromChars, toChars: facts.toChars },
  };
}

/** An answer that did not parse and could not be repaired: the attempt counts as a format failure. */
export function repairFailedEntry(attempt: AttemptLabel, reason: string): TrailEntry {
  return {
    step: 'repair',
    outcome: 'failed',
    reason: `attempt ${attempt.n} ${attempt.role}/${attempt.model}: ${reason}`,
  };
}
