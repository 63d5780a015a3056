import type { Client } from '@temporalio/client';
import { type GradeQueueItem, listPendingGrades } from './grade-queue.js';
import { type ListPendingOptions, listPendingReviews, type PendingReviewSummary } from './pending.js';

/** A request parked for a person's decision (approve, reply, reject, reroute). */
export type ReviewQueueReview = { kind: 'review' } & PendingReviewSummary;

/**
 * One line of `switchyard review list --json`: every item has `workflowId`, `kind` and `reason` (for a
 * conversation rule the reason starts with the rule's key, e.g. `askedForDetailsTwice: …`). Other kinds of work
 * for people (e.g. `grade`: sampled answers waiting for a quality grade) join this union with their own source.
 */
export type ReviewQueueItem = ReviewQueueReview | GradeQueueItem;

/** When an item joined the queue: parked for review, or sampled for grading (ISO time). */
const queuedAt = (item: ReviewQueueItem) => (item.kind === 'review' ? item.requestedAt : item.sampledAt);

/** The queue from its sources, oldest first. */
export function reviewQueueItems(
  reviews: readonly PendingReviewSummary[],
  grades: readonly GradeQueueItem[] = [],
): ReviewQueueItem[] {
  const items: ReviewQueueItem[] = [...reviews.map((review) => ({ kind: 'review' as const, ...review })), ...grades];
  return items.sort((a, b) => queuedAt(a).localeCompare(queuedAt(b)));
}

/** Everything waiting for a person on the task queue (see `reviewQueueItems`). */
export async function listReviewQueue(client: Client, options: ListPendingOptions = {}): Promise<ReviewQueueItem[]> {
  const [reviews, grades] = await Promise.all([
    listPendingReviews(client, options),
    listPendingGrades(client, options),
  ]);
  return reviewQueueItems(reviews, grades);
}
