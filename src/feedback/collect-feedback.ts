import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import pLimit from 'p-limit';
import type { FeedbackRecord } from '../../workflows/feedback.js';
import { decodeHistory } from '../audit/decode-history.js';

export interface CollectFeedbackOptions {
  /** Only feedback given after this time. */
  since: Date;
  /** Only this task queue. @default every task queue */
  taskQueue?: string;
  /** Histories fetched at once. @default 8 */
  concurrency?: number;
  /** Decodes payloads (codec keys). @default plain payloads */
  dataConverter?: DataConverter;
}

/** The visibility query for feedback runs started after `since`. */
export function feedbackWorkflowQuery(since: Date, taskQueue?: string): string {
  const clauses = [`WorkflowType = 'feedbackWorkflow'`, `StartTime > '${since.toISOString()}'`];
  if (taskQueue) clauses.push(`TaskQueue = '${taskQueue.replace(/'/g, '')}'`);
  return clauses.join(' AND ');
}

/**
 * The newest feedback per routing workflow id, read from each feedback run's recorded input (so a run no worker has
 * completed yet counts too). A later run under the same id replaces an earlier one; terminated runs (replaced while
 * open) are skipped.
 */
export async function collectFeedback(
  client: Client,
  options: CollectFeedbackOptions,
): Promise<Map<string, FeedbackRecord>> {
  const fetchLimit = pLimit(options.concurrency ?? 8);
  const pending: Promise<{ record: FeedbackRecord; startedAt: number } | null>[] = [];
  for await (const execution of client.workflow.list({
    query: feedbackWorkflowQuery(options.since, options.taskQueue),
  })) {
    if (execution.status.name === 'TERMINATED') continue;
    const handle = client.workflow.getHandle(execution.workflowId, execution.runId, { followRuns: false });
    const startedAt = execution.startTime.getTime();
    pending.push(
      fetchLimit(async () => {
        const events = await decodeHistory(await handle.fetchHistory(), options.dataConverter);
        const started = events.find((event) => event.kind === 'started');
        const record = started?.kind === 'started' ? (started.input as FeedbackRecord | null) : null;
        return record && typeof record.workflowId === 'string' ? { record, startedAt } : null;
      }),
    );
  }
  const newest = new Map<string, { record: FeedbackRecord; startedAt: number }>();
  for (const entry of await Promise.all(pending)) {
    if (!entry) continue;
    const known = newest.get(entry.record.workflowId);
    if (!known || entry.startedAt >= known.startedAt) newest.set(entry.record.workflowId, entry);
  }
  return new Map([...newest].map(([id, entry]) => [id, entry.record]));
}
