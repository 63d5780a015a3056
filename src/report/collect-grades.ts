import type { Client } from '@temporalio/client';
import pLimit from 'p-limit';
import type { GradeResult } from '../../workflows/grade-types.js';
import { gradeWorkflowId } from '../policy/quality.js';

/** Grading workflows in a report's window (docs/review.md#grading). */
export interface CollectedGrades {
  /** Finished grading workflows (graded or expired) whose parent is the routing workflow they grade. */
  grades: GradeResult[];
  /** Sampled answers still waiting for a grade. */
  pending: number;
}

/**
 * Lists `gradeWorkflow`s started after `since` and fetches the finished ones' results. A grade counts only when its
 * workflow was started by the routing workflow it grades (id `grade-<that id>`, that parent): anyone who may start
 * workflows cannot slip grades into the report.
 */
export async function collectGrades(
  client: Client,
  options: { since: Date; taskQueue?: string; limit?: number; concurrency?: number },
): Promise<CollectedGrades> {
  const clauses = [`WorkflowType = 'gradeWorkflow'`, `StartTime > '${options.since.toISOString()}'`];
  if (options.taskQueue) clauses.push(`TaskQueue = '${options.taskQueue.replace(/'/g, '')}'`);
  const fetchLimit = pLimit(options.concurrency ?? 16);
  const fetched: Promise<GradeResult | null>[] = [];
  let pending = 0;
  let listed = 0;
  for await (const execution of client.workflow.list({ query: clauses.join(' AND ') })) {
    if (listed >= (options.limit ?? 5000)) break;
    listed += 1;
    const parent = execution.parentExecution?.workflowId;
    if (!parent || execution.workflowId !== gradeWorkflowId(parent)) continue;
    if (execution.status.name === 'RUNNING') pending += 1;
    if (execution.status.name !== 'COMPLETED') continue;
    const handle = client.workflow.getHandle(execution.workflowId, execution.runId, { followRuns: false });
    fetched.push(
      fetchLimit(() =>
        (handle.result() as Promise<GradeResult>).then(
          (result) => (result.routeWorkflowId === parent ? result : null),
          () => null,
        ),
      ),
    );
  }
  const grades = (await Promise.all(fetched)).filter((grade) => grade !== null);
  return { grades, pending };
}
