import type { AttemptRecord } from './types.js';

/**
 * Where a request's time went, ms (docs/observability.md#latency): model calls, the request end to end without
 * review waits, and the time it waited for a person. `RouteResult.latencyMs` stays start to finish, waits included.
 */
export interface LatencySplit {
  /** Sum of every model attempt's latency (classifier, judge, draft and failed attempts included), ms. */
  modelMs: number;
  /** Latency of the attempt whose answer the request returned, ms; null when no model answered. */
  answerModelMs: number | null;
  /** Workflow start to finish minus `reviewWaitMs`: what the routing itself took, ms. */
  endToEndMs: number;
  /** Time parked for a reviewer (request to decision or deadline), ms; 0 without review. */
  reviewWaitMs: number;
}

/** The split of a finished request's latency. Pure. */
export function latencySplit(
  attempts: readonly AttemptRecord[],
  answering: AttemptRecord | undefined,
  totalMs: number,
  reviewWaitMs: number,
): LatencySplit {
  return {
    modelMs: attempts.reduce((sum, attempt) => sum + attempt.latencyMs, 0),
    answerModelMs: answering?.latencyMs ?? null,
    endToEndMs: Math.max(0, totalMs - reviewWaitMs),
    reviewWaitMs,
  };
}
