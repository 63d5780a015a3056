import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { LOCAL_CALL_ACTIVITY } from '../policy/fast-path.js';

/** How many benchmarked requests took the fast path (docs/workflow-changes.md, "The fast path"). */
export interface FastPathShare {
  /** Histories read. */
  requests: number;
  /** Their first model attempt ran as the fast path's local activity (a `callModelLocally` marker). */
  fastPath: number;
  /** They completed in one workflow task (answered on the fast path's first try). */
  oneTask: number;
}

/** Counts the fast path in one history: its first attempt, and whether the request took one workflow task. */
export function fastPathOf(history: History): { fastPath: boolean; oneTask: boolean } {
  const events = history.events ?? [];
  const fastPath = events.some((event) => {
    const data = event.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
    if (!data) return false;
    return (
      (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }).activity_type ===
      LOCAL_CALL_ACTIVITY
    );
  });
  const tasks = events.filter((event) => event.workflowTaskCompletedEventAttributes).length;
  return { fastPath, oneTask: fastPath && tasks === 1 };
}

/** The fast path's share of the given requests, from their histories (read one by one, after the measurement). */
export async function fastPathShare(client: Client, workflowIds: readonly string[]): Promise<FastPathShare> {
  const share: FastPathShare = { requests: 0, fastPath: 0, oneTask: 0 };
  for (const workflowId of workflowIds) {
    const taken = fastPathOf(await client.workflow.getHandle(workflowId).fetchHistory());
    share.requests += 1;
    if (taken.fastPath) share.fastPath += 1;
    if (taken.oneTask) share.oneTask += 1;
  }
  return share;
}

/** One line for the overhead report. */
export function renderFastPathShare(share: FastPathShare): string {
  const percent = (count: number) => (share.requests === 0 ? '-' : `${Math.round((count / share.requests) * 100)} %`);
  return `fast path: ${share.fastPath}/${share.requests} routed requests (${percent(share.fastPath)}) made their first attempt in the routing task; ${share.oneTask} (${percent(share.oneTask)}) completed in one workflow task`;
}
