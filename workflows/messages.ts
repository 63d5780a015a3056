import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ReviewDecision } from '../src/policy/types.js';
import type { ReviewAck, RouteStatus } from './types.js';

/** Reviewer resolves an escalated request; validated before it reaches history. */
export const resolveReviewUpdate = defineUpdate<ReviewAck, [ReviewDecision]>('resolveReview');

/** Same decision for asynchronous tools (fire-and-forget); invalid ones are recorded and ignored. */
export const resolveReviewSignal = defineSignal<[ReviewDecision]>('resolveReviewSignal');

/** Where the request is: phase, trail so far, pending review. */
export const getRouteStatusQuery = defineQuery<RouteStatus>('getRouteStatus');
