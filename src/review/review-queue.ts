import type { Client } from '@temporalio/client';
import { type ListPendingOptions, listPendingReviews, type PendingReviewSummary } from './pending.js';

/** A request parked for a person's decision (approve, reply, reject, reroute). */
export type ReviewQueueReview = { kind: 'review' } & PendingReviewSummary;

/**
 * One line of `switchyard review list --json`: every item has `workflowId`, `kind` and `reason` (for a
 * conversation rule the reason starts with the rule's key, e.g. `askedForDetailsTwice: …`). Other kinds of work
 * for people (e.g. `grade`: sampled answers waiting for a quality grade) join this union with their own source.
 */
export type ReviewQueueItem = ReviewQueueReview;

/** The queue from its sources, oldest first (each source lists its items oldest first too). */
export function reviewQueueItems(reviews: readonly PendingReviewSummary[]): ReviewQueueItem[] {
  const items: ReviewQueueItem[] = reviews.map((review) => ({ kind: 'review', ...review }));
  return items.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

/** Everything waiting for a person on the task queue (see `reviewQueueItems`). */
export async function listReviewQueue(client: Client, options: ListPendingOptions = {}): Promise<ReviewQueueItem[]> {
  return reviewQueueItems(await listPendingReviews(client, options));
}
