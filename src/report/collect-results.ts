import type { Client } from '@temporalio/client';
import pLimit from 'p-limit';
import type { RouteResult } from '../policy/types.js';

export interface CollectOptions {
  /** Only workflows started after this time. */
  since: Date;
  /** Only this task queue. @default every task queue */
  taskQueue?: string;
  /** Most workflows listed. @default 5000 */
  limit?: number;
  /** Results fetched at once. @default 16 */
  concurrency?: number;
}

export interface CollectedResults {
  results: RouteResult[];
  running: number;
  /** Closed without a result, by status name. */
  unfinished: Record<string, number>;
  truncated: boolean;
  /** ISO close time of each result's workflow, from visibility. */
  closeTimes: Map<RouteResult, string>;
}

/** The visibility query for routing workflows started after `since` (optionally on one task queue). */
export function routeWorkflowQuery(since: Date, taskQueue?: string): string {
  const clauses = [`WorkflowType = 'routeRequestWorkflow'`, `StartTime > '${since.toISOString()}'`];
  if (taskQueue) clauses.push(`TaskQueue = '${taskQueue.replace(/'/g, '')}'`);
  return clauses.join(' AND ');
}

/**
 * Lists routing workflows through Temporal visibility and fetches the results of the completed ones
 * (closed workflows answer at once). Running ones are counted, not awaited.
 */
export async function collectRouteResults(client: Client, options: CollectOptions): Promise<CollectedResults> {
  const limit = options.limit ?? 5000;
  const fetchLimit = pLimit(options.concurrency ?? 16);
  const pending: Promise<{ result: RouteResult; closedAt: string } | null>[] = [];
  const unfinished: Record<string, number> = {};
  let running = 0;
  let listed = 0;
  let truncated = false;
  for await (const execution of client.workflow.list({ query: routeWorkflowQuery(options.since, options.taskQueue) })) {
    if (listed >= limit) {
      truncated = true;
      break;
    }
    listed += 1;
    const status = execution.status.name;
    if (status === 'RUNNING') running += 1;
    else if (status === 'COMPLETED') {
      const handle = client.workflow.getHandle(execution.workflowId, execution.runId, { followRuns: false });
      // A completed workflow has a close time; its start time stands in should visibility omit it.
      const closedAt = (execution.closeTime ?? execution.startTime).toISOString();
      pending.push(
        fetchLimit(() =>
          (handle.result() as Promise<RouteResult>).then(
            (result) => ({ result, closedAt }),
            () => null,
          ),
        ),
      );
    } else unfinished[status] = (unfinished[status] ?? 0) + 1;
  }
  const fetched = (await Promise.all(pending)).filter((entry) => entry !== null);
  const results = fetched.map((entry) => entry.result);
  const closeTimes = new Map(fetched.map((entry) => [entry.result, entry.closedAt]));
  return { results, running, unfinished, truncated, closeTimes };
}
