import type { Client } from '@temporalio/client';
import type { GradeStatus } from '../../workflows/grade-types.js';
import type { RouteStatus } from '../../workflows/types.js';
import { type GradeQueueItem, parseScore, readGradeStatus, submitGrade } from '../review/grade-queue.js';

/** The `--decision` value that grades a sampled answer instead of resolving a review (docs/review.md#grading). */
export const GRADE_DECISION = 'grade';

/** The grade items as text lines; empty when none wait. */
export function formatGradeList(grades: readonly GradeQueueItem[]): string {
  if (grades.length === 0) return '';
  const lines = [`${grades.length} sampled answer(s) to grade (review resolve ID --decision grade --score 0..1):`];
  for (const item of grades) lines.push(`  ${item.workflowId}  ${item.route ?? '-'}  sampled ${item.sampledAt}`);
  return lines.join('\n');
}

/** The grading status of a request whose answer was sampled (its trail says so), else null. */
export async function sampledAnswerOf(client: Client, status: RouteStatus): Promise<GradeStatus | null> {
  if (!status.result?.trail.some((entry) => entry.step === 'quality-sample' && entry.outcome === 'sampled'))
    return null;
  return readGradeStatus(client, status.workflowId).catch(() => null);
}

/** `review show`'s section for a sampled answer: the answer as the client got it, and its grade so far. */
export function formatSampledAnswer(grade: GradeStatus | null): string {
  if (!grade) return '';
  const verdict = grade.grade
    ? `graded ${grade.grade.score} by ${grade.grade.reviewer} at ${grade.grade.at}`
    : `not graded yet (deadline ${grade.deadlineAt}): review resolve ${grade.routeWorkflowId} --decision grade --score 0..1`;
  return [`sampled answer (${grade.model}, route ${grade.route}): ${verdict}`, grade.answer].join('\n');
}

/** `review resolve ID --decision grade --score S`: signs and sends the grade; throws with the reason when refused. */
export async function resolveGrade(
  client: Client,
  id: string,
  fields: { reviewer: string; credential: string; score: string | undefined; note: string | undefined },
): Promise<{ accepted: true; workflowId: string; score: number }> {
  const score = parseScore(fields.score);
  const note = fields.note?.trim() ? { note: fields.note } : {};
  const submission = await submitGrade(
    client,
    id,
    { reviewer: fields.reviewer, decision: 'grade', score, ...note },
    fields.credential,
  );
  if (submission.kind === 'refused') throw new Error(`grade refused: ${submission.message}`);
  if (submission.kind === 'not-found') throw new Error(submission.message);
  return submission.ack;
}
