import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { getRouteStatusQuery } from '../../workflows/messages.js';
import type { RouteStatus } from '../../workflows/types.js';
import type { DataClass, EntityType } from '../policy/types.js';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes.js';

/** One request in the review queue, as the CLI and the page list it. */
export interface PendingReviewSummary {
  workflowId: string;
  /** Why it waits; null when its status could not be read (see `error`). */
  reason: string | null;
  /** ISO time it entered review (the workflow start when the status is unreadable). */
  requestedAt: string;
  /** ISO time the review times out; null when unknown. */
  deadlineAt: string | null;
  /** Time since `requestedAt`, ms. */
  ageMs: number;
  /** Time until `deadlineAt`, ms (negative once passed); null when unknown. */
  timeLeftMs: number | null;
  route: string | null;
  dataClass: DataClass | null;
  entityTypes: EntityType[];
  intent: string | null;
  /** Classifier confidence of `intent`, 0..1. */
  confidence: number | null;
  /** Model that wrote the draft, or null when there is no draft. */
  draftModel: string | null;
  /** Why the status could not be read (no worker, timeout), else null. */
  error: string | null;
}

export interface ListPendingOptions {
  /** Only requests on this task queue. @default all task queues */
  taskQueue?: string;
  /** Most requests listed. @default 200 */
  limit?: number;
  /** Time allowed for each status query, ms. @default 5000 */
  queryTimeoutMs?: number;
  /** Clock for ages and time left, ms since the epoch. @default Date.now */
  now?: () => number;
}

/** Status queries run at once while listing. */
const QUERY_CONCURRENCY = 8;

/**
 * Requests waiting for a person, oldest review first: found through the `SwitchyardNeedsReview` search
 * attribute (visibility lags a moment behind the workflow), then each asked for its status.
 */
export async function listPendingReviews(
  client: Client,
  options: ListPendingOptions = {},
): Promise<PendingReviewSummary[]> {
  const now = options.now ?? Date.now;
  const clauses = [`${SEARCH_ATTRIBUTES.needsReview.name} = true`, `ExecutionStatus = 'Running'`];
  if (options.taskQueue !== undefined) {
    if (!/^[\w.:@/-]+$/.test(options.taskQueue)) throw new Error(`task queue: unsupported name "${options.taskQueue}"`);
    clauses.push(`TaskQueue = '${options.taskQueue}'`);
  }
  const found: { workflowId: string; startTime: Date }[] = [];
  try {
    for await (const execution of client.workflow.list({ query: clauses.join(' AND ') })) {
      found.push({ workflowId: execution.workflowId, startTime: execution.startTime });
      if (found.length >= (options.limit ?? 200)) break;
    }
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    if (!message.includes(SEARCH_ATTRIBUTES.needsReview.name)) throw error;
    throw new Error(
      `the review queue needs the ${SEARCH_ATTRIBUTES.needsReview.name} search attribute on this namespace ` +
        `(requests started by RouterClient register it): ${message.split('\n')[0]}`,
    );
  }
  const summaries: PendingReviewSummary[] = [];
  for (let index = 0; index < found.length; index += QUERY_CONCURRENCY) {
    const batch = found.slice(index, index + QUERY_CONCURRENCY);
    const read = await Promise.all(
      batch.map(async ({ workflowId, startTime }) => {
        try {
          const status = await readRouteStatus(client, workflowId, options.queryTimeoutMs);
          return status.review ? summarizeStatus(status, now()) : null;
        } catch (error) {
          return unreadable(workflowId, startTime, now(), error);
        }
      }),
    );
    for (const summary of read) if (summary) summaries.push(summary);
  }
  return summaries.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

/** Thrown when no workflow has the id asked for. */
export class UnknownRequestError extends Error {
  override readonly name = 'UnknownRequestError';
}

/** The status of a request; throws UnknownRequestError when there is no such workflow. */
export async function readRouteStatus(client: Client, workflowId: string, timeoutMs = 5000): Promise<RouteStatus> {
  try {
    return await client.withDeadline(Date.now() + timeoutMs, () =>
      client.workflow.getHandle(workflowId).query(getRouteStatusQuery),
    );
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      throw new UnknownRequestError(`no request with workflow id ${workflowId}`);
    throw error;
  }
}

/** A queue line from a request's status (which must be awaiting review). */
export function summarizeStatus(status: RouteStatus, nowMs: number): PendingReviewSummary {
  const review = status.review;
  const requestedAt = review?.requestedAt ?? new Date(nowMs).toISOString();
  return {
    workflowId: status.workflowId,
    reason: review?.reason ?? null,
    requestedAt,
    deadlineAt: review?.deadlineAt ?? null,
    ageMs: nowMs - Date.parse(requestedAt),
    timeLeftMs: review ? Date.parse(review.deadlineAt) - nowMs : null,
    route: status.route,
    dataClass: status.privacy?.dataClass ?? null,
    entityTypes: status.privacy?.entityTypes ?? [],
    intent: status.classification?.intent ?? null,
    confidence: status.classification?.confidence ?? null,
    draftModel: review?.draftModel ?? null,
    error: null,
  };
}

function unreadable(workflowId: string, startTime: Date, nowMs: number, error: unknown): PendingReviewSummary {
  return {
    workflowId,
    reason: null,
    requestedAt: startTime.toISOString(),
    deadlineAt: null,
    ageMs: nowMs - startTime.getTime(),
    timeLeftMs: null,
    route: null,
    dataClass: null,
    entityTypes: [],
    intent: null,
    confidence: null,
    draftModel: null,
    error: `status unavailable: ${String((error as Error)?.message ?? error).split('\n')[0]}`,
  };
}
