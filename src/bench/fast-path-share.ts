import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { LOCAL_CALL_ACTIVITY } from '../policy/fast-path.js';

/** How many benchmarked requests took the fast path (docs/workflow-changes.md, "The fast path"). */
export interface FastPathShare {
  /** Histories read. */
  requests: number;
  /**
   * Their first model attempt ran on the fast path: made ahead in `resolvePolicy` (its marker's result has `first`)
   * or as the `callModelLocally` local activity.
   */
  fastPath: number;
  /** Of those, made ahead in `resolvePolicy` (one local activity for the policy and the first call). */
  madeAhead: number;
  /** They completed in one workflow task (answered on the fast path's first try). */
  oneTask: number;
}

/** Counts the fast path in one history: its first attempt, and whether the request took one workflow task. */
export function fastPathOf(history: History): { fastPath: boolean; madeAhead: boolean; oneTask: boolean } {
  const events = history.events ?? [];
  const local = events.some((event) => markerActivity(event) === LOCAL_CALL_ACTIVITY);
  const madeAhead = events.some(
    (event) => markerActivity(event) === 'resolvePolicy' && jsonOf(markerResult(event))?.first !== undefined,
  );
  const fastPath = local || madeAhead;
  const tasks = events.filter((event) => event.workflowTaskCompletedEventAttributes).length;
  return { fastPath, madeAhead, oneTask: fastPath && tasks === 1 };
}

type HistoryEvent = NonNullable<History['events']>[number];

/** The activity type a local-activity marker names, or null. */
function markerActivity(event: HistoryEvent): string | null {
  const data = event.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
  return (jsonOf(data) as { activity_type?: string } | null)?.activity_type ?? null;
}

function markerResult(event: HistoryEvent): Uint8Array | null | undefined {
  return event.markerRecordedEventAttributes?.details?.result?.payloads?.[0]?.data;
}

/** A JSON payload's value (plain JSON payloads only: an encrypted one reads as null). */
function jsonOf(data: Uint8Array | null | undefined): Record<string, unknown> | null {
  if (!data) return null;
  try {
    return JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The fast path's share of the given requests, from their histories (read one by one, after the measurement). */
export async function fastPathShare(client: Client, workflowIds: readonly string[]): Promise<FastPathShare> {
  const share: FastPathShare = { requests: 0, fastPath: 0, madeAhead: 0, oneTask: 0 };
  for (const workflowId of workflowIds) {
    const taken = fastPathOf(await client.workflow.getHandle(workflowId).fetchHistory());
    share.requests += 1;
    if (taken.fastPath) share.fastPath += 1;
    if (taken.madeAhead) share.madeAhead += 1;
    if (taken.oneTask) share.oneTask += 1;
  }
  return share;
}

/** One line for the overhead report. */
export function renderFastPathShare(share: FastPathShare): string {
  const percent = (count: number) => (share.requests === 0 ? '-' : `${Math.round((count / share.requests) * 100)} %`);
  return `fast path: ${share.fastPath}/${share.requests} routed requests (${percent(share.fastPath)}) made their first attempt in the routing task (${share.madeAhead} of them in resolvePolicy); ${share.oneTask} (${percent(share.oneTask)}) completed in one workflow task`;
}
