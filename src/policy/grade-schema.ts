import { z } from 'zod';
import { GRADE_DECISION_LIMITS } from './grade-decision.js';

/**
 * A reviewer's grade of a sampled answer (docs/review.md#grading): a score 0..1, signed with the reviewer's
 * credential for the graded request. The workflow checks the same rules itself (gradeDecisionProblem).
 */
export const GradeDecisionSchema = z.strictObject({
  reviewer: z.string().min(1).max(GRADE_DECISION_LIMITS.reviewer),
  decision: z.literal('grade'),
  /** How good the answer is, 0 (useless) .. 1 (right and complete). */
  score: z.number().min(0).max(1),
  /** Free-form note for the report and audit. */
  note: z.string().max(GRADE_DECISION_LIMITS.note).optional(),
  /** Ed25519 signature (hex) over the fields above, bound to the graded request's workflow id (signGradeDecision). */
  signature: z.string().regex(/^[0-9a-f]{128}$/i, 'an Ed25519 signature in hex (128 characters)'),
});

/** A signed grade, derived from GradeDecisionSchema. */
export type GradeDecision = z.output<typeof GradeDecisionSchema>;
