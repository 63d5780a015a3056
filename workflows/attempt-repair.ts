import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { CallModelOutput, ModelFailureDetails } from '../activities/types.js';
import { repairedEntry, repairFailedEntry } from '../src/policy/repair-trail.js';
import type { AttemptRole, TrailEntry } from '../src/policy/types.js';

type AttemptLabel = { n: number; role: AttemptRole; model: string };

/** The trail line of a repaired answer, or null when the answer needed none. */
export function repairedNote(attempt: AttemptLabel, output: CallModelOutput): TrailEntry | null {
  return output.repaired ? repairedEntry(attempt, output.repaired) : null;
}

/** The trail line of a failed repair (the attempt's failure details say why), or null when none was tried. */
export function repairFailedNote(attempt: AttemptLabel, error: unknown): TrailEntry | null {
  const cause = error instanceof ActivityFailure ? error.cause : null;
  if (!(cause instanceof ApplicationFailure)) return null;
  const reason = (cause.details?.[0] as Partial<ModelFailureDetails> | undefined)?.repairFailed;
  return typeof reason === 'string' && reason.length > 0 ? repairFailedEntry(attempt, reason) : null;
}
