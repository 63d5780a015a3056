import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import pLimit from 'p-limit';
import { decodeHistory } from '../audit/decode-history.js';
import { routeWorkflowQuery } from '../report/collect-results.js';
import { type ReplayRecord, replayRecordOf, type SkippedRecord } from './replay-record.js';

export interface CollectRecordsOptions {
  /** Only routing workflows started after this time. */
  since: Date;
  /** Only this task queue. @default every task queue */
  taskQueue?: string;
  /** Most workflows read. @default 5000 */
  limit?: number;
  /** Histories fetched at once. @default 8 */
  concurrency?: number;
  /** Decodes payloads (codec keys for encrypted histories). @default plain payloads */
  dataConverter?: DataConverter;
}

export interface CollectedRecords {
  /** Newest first, as visibility lists them. */
  records: ReplayRecord[];
  skipped: SkippedRecord[];
  /** True when more workflows matched than `limit`. */
  truncated: boolean;
}

/**
 * Lists routing workflows (finished or running) through visibility and decodes each one's history into a replay
 * record. Reads histories only: never queries or signals a workflow.
 */
export async function collectReplayRecords(client: Client, options: CollectRecordsOptions): Promise<CollectedRecords> {
  const limit = options.limit ?? 5000;
  const fetchLimit = pLimit(options.concurrency ?? 8);
  const pending: Promise<ReplayRecord | SkippedRecord>[] = [];
  let truncated = false;
  for await (const execution of client.workflow.list({ query: routeWorkflowQuery(options.since, options.taskQueue) })) {
    if (pending.length >= limit) {
      truncated = true;
      break;
    }
    const handle = client.workflow.getHandle(execution.workflowId, execution.runId, { followRuns: false });
    pending.push(
      fetchLimit(async () => {
        try {
          const events = await decodeHistory(await handle.fetchHistory(), options.dataConverter);
          return replayRecordOf(execution.workflowId, events);
        } catch (error) {
          // Without codec keys every history fails alike: one clear error, not a report of skips.
          if (/payloads are encrypted/.test((error as Error).message)) throw error;
          return { workflowId: execution.workflowId, reason: `history unreadable: ${(error as Error).message}` };
        }
      }),
    );
  }
  const records: ReplayRecord[] = [];
  const skipped: SkippedRecord[] = [];
  for (const item of await Promise.all(pending)) {
    if ('reason' in item) skipped.push(item);
    else records.push(item);
  }
  return { records, skipped, truncated };
}
