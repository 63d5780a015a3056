import type { GradeDecision } from './grade-schema.js';
import { quote } from './review-decision.js';
import { canonicalPrincipal, type PublicKeys, signedMessage, signStatement, verifySignature } from './signatures.js';

/** Size limits of a grade decision, characters (checked before anything reads the values). */
export const GRADE_DECISION_LIMITS = {
  /** Reviewer identity. */
  reviewer: 320,
  /** Audit note. */
  note: 2_000,
  /** Signature: Ed25519, hex. */
  signature: 128,
  /** The whole decision as JSON. */
  json: 4 * 1024,
} as const;

/** A grade before it is signed. */
export type UnsignedGradeDecision = Omit<GradeDecision, 'signature'>;

/** What a grade is checked against: the grading workflow's own record of who may grade which request. */
export interface GradeContext {
  /** The graded request (the routing workflow id): what the signature is bound to. */
  routeWorkflowId: string;
  /** The policy's reviewer allow-list, as recorded when the answer was sampled. */
  reviewers: readonly string[];
  /** Public keys by canonical reviewer identity (the worker's configuration, recorded in history). */
  reviewerKeys: PublicKeys;
  /** No grade accepted yet and the deadline has not passed. */
  pending: boolean;
}

const FIELDS = ['reviewer', 'decision', 'score', 'note', 'signature'] as const;

/**
 * Why a grade cannot be accepted, or null when it can. Order: shape and sizes, pending (a second grade is refused),
 * allow-list, signature, score range. Used by the grading workflow's Update validator; messages quote little.
 */
export function gradeDecisionProblem(decision: unknown, context: GradeContext): string | null {
  const shape = shapeProblem(decision);
  if (shape) return shape;
  const grade = decision as GradeDecision;
  if (!context.pending) return 'no grade is pending for this request (already graded, or the deadline passed)';
  if (typeof grade.reviewer !== 'string' || grade.reviewer.trim() === '') return 'reviewer: required';
  const identity = canonicalPrincipal(grade.reviewer);
  if (!context.reviewers.some((name) => canonicalPrincipal(name) === identity)) {
    return `reviewer: ${quote(identity)} is not on the policy's reviewer allow-list`;
  }
  if (typeof grade.signature !== 'string' || grade.signature === '') {
    return "signature: required (sign the grade with the reviewer's token, e.g. `switchyard review resolve --token`)";
  }
  const key = Object.hasOwn(context.reviewerKeys, identity) ? context.reviewerKeys[identity] : undefined;
  if (!key) return `signature: the worker has no public key for reviewer ${quote(identity)}`;
  const message = signedMessage('answer-grade', context.routeWorkflowId, gradeStatement(grade));
  if (!verifySignature(key, message, grade.signature)) {
    return `signature: not valid for reviewer ${quote(identity)} on this request (wrong token, or the grade was changed)`;
  }
  if (grade.decision !== 'grade') return 'decision: must be grade';
  if (typeof grade.score !== 'number' || !Number.isFinite(grade.score) || grade.score < 0 || grade.score > 1) {
    return 'score: must be a number from 0 to 1';
  }
  return null;
}

/** An object with known fields of bounded size. */
function shapeProblem(decision: unknown): string | null {
  if (!decision || typeof decision !== 'object' || Array.isArray(decision)) return 'grade: must be an object';
  const values = decision as Record<string, unknown>;
  const unknown = Object.keys(values).find((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) return `grade: unknown field "${quote(unknown)}"`;
  for (const field of ['reviewer', 'decision', 'note', 'signature'] as const) {
    const value = values[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') return `${field}: must be a string`;
    const limit = field === 'decision' ? 16 : GRADE_DECISION_LIMITS[field];
    if (value.length > limit) return `${field}: too long (${value.length} characters; at most ${limit})`;
  }
  if (values.score !== undefined && typeof values.score !== 'number') return 'score: must be a number from 0 to 1';
  const json = JSON.stringify(decision).length;
  if (json > GRADE_DECISION_LIMITS.json) return `grade: too large (${json} characters as JSON)`;
  return null;
}

/** What a reviewer signs: the grade's fields with the canonical identity, bound to the graded request's id. */
export function gradeStatement(grade: UnsignedGradeDecision): Record<string, string | number | undefined> {
  return {
    reviewer: canonicalPrincipal(grade.reviewer),
    decision: grade.decision,
    score: grade.score,
    note: grade.note,
  };
}

/** Signs a grade for one routed request with the reviewer's credential (their reviewer token). */
export function signGradeDecision(
  credential: string,
  routeWorkflowId: string,
  grade: UnsignedGradeDecision,
): GradeDecision {
  const unsigned: UnsignedGradeDecision = { reviewer: grade.reviewer, decision: 'grade', score: grade.score };
  if (grade.note !== undefined) unsigned.note = grade.note;
  const signature = signStatement(credential, 'answer-grade', routeWorkflowId, gradeStatement(unsigned));
  return { ...unsigned, signature };
}
