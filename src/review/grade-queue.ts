import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { GRADE_MEMO_KEY, getGradeStatusQuery, gradeAnswerUpdate } from '../../workflows/grade-messages.js';
import type { GradeStatus } from '../../workflows/grade-types.js';
import { signGradeDecision, type UnsignedGradeDecision } from '../policy/grade-decision.js';
import { gradedWorkflowId, gradeWorkflowId } from '../policy/quality.js';

/** A sampled answer waiting for a grade, as `review list --json` shows it beside review items. */
export interface GradeQueueItem {
  /** The routing workflow whose answer is graded (`review show` it; `review resolve` it with `--decision grade`). */
  workflowId: string;
  kind: 'grade';
  reason: string;
  /** The grading workflow holding the answer (`grade-<workflowId>`). */
  gradeWorkflowId: string;
  route: string | null;
  /** ISO time the grading workflow started (the answer was sampled). */
  sampledAt: string;
}

/**
 * Sampled answers waiting for a grade (docs/review.md#grading), oldest first: running `gradeWorkflow`s found through
 * visibility, described by their memo (no answer text; `review show <workflowId>` has the request and the answer).
 */
export async function listPendingGrades(
  client: Client,
  options: { taskQueue?: string; limit?: number } = {},
): Promise<GradeQueueItem[]> {
  const clauses = [`WorkflowType = 'gradeWorkflow'`, `ExecutionStatus = 'Running'`];
  if (options.taskQueue !== undefined) {
    if (!/^[\w.:@/-]+$/.test(options.taskQueue)) throw new Error(`task queue: unsupported name "${options.taskQueue}"`);
    clauses.push(`TaskQueue = '${options.taskQueue}'`);
  }
  const items: GradeQueueItem[] = [];
  for await (const execution of client.workflow.list({ query: clauses.join(' AND ') })) {
    // Only grading workflows started by the request they grade: anyone who may start workflows cannot queue others.
    const parent = execution.parentExecution?.workflowId;
    if (!parent || execution.workflowId !== gradeWorkflowId(parent)) continue;
    const memo = (execution.memo?.[GRADE_MEMO_KEY] ?? {}) as {
      routeWorkflowId?: string;
      route?: string;
      reason?: string;
    };
    const workflowId = parent;
    items.push({
      workflowId,
      kind: 'grade',
      reason: memo.reason ?? 'sampled answer: grade it 0..1',
      gradeWorkflowId: execution.workflowId,
      route: memo.route ?? null,
      sampledAt: execution.startTime.toISOString(),
    });
    if (items.length >= (options.limit ?? 200)) break;
  }
  return items.sort((a, b) => a.sampledAt.localeCompare(b.sampledAt));
}

/** What became of a grade sent as an Update. */
export type GradeSubmission =
  | { kind: 'accepted'; ack: { accepted: true; workflowId: string; score: number } }
  /** The grading workflow's validator refused it, or the grade window has closed; `message` says why. */
  | { kind: 'refused'; message: string }
  /** No sampled answer for that request. */
  | { kind: 'not-found'; message: string };

/**
 * Signs a grade for a request's sampled answer with the reviewer's credential (bound to the routing workflow id) and
 * sends it as the `gradeAnswer` Update to `grade-<id>`. `id` may name the request or its grading workflow.
 */
export async function submitGrade(
  client: Client,
  id: string,
  grade: UnsignedGradeDecision,
  credential: string,
): Promise<GradeSubmission> {
  const routeWorkflowId = gradedWorkflowId(id);
  const signed = signGradeDecision(credential, routeWorkflowId, grade);
  const handle = client.workflow.getHandle(gradeWorkflowId(routeWorkflowId));
  try {
    return { kind: 'accepted', ack: await handle.executeUpdate(gradeAnswerUpdate, { args: [signed] }) };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError)
      return { kind: 'refused', message: error.cause?.message ?? error.message };
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    try {
      const description = await handle.describe();
      return {
        kind: 'refused',
        message: `no grade is pending: the grading has ended (${description.status.name.toLowerCase()})`,
      };
    } catch {
      return { kind: 'not-found', message: `no sampled answer to grade for ${routeWorkflowId}` };
    }
  }
}

/** A grading workflow's status: the sampled answer and its grade so far. */
export async function readGradeStatus(client: Client, id: string): Promise<GradeStatus> {
  return client.workflow.getHandle(gradeWorkflowId(gradedWorkflowId(id))).query(getGradeStatusQuery);
}

/** A score from a flag: a number from 0 to 1. */
export function parseScore(text: string | undefined): number {
  const score = text === undefined || text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(score) || score < 0 || score > 1) throw new Error('--score: a number from 0 to 1 is required');
  return score;
}
