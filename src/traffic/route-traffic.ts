import pLimit from 'p-limit';
import type { RouteHandle, RouterClient } from '../client/router-client.js';
import type { ReviewDecision, RouteResult } from '../policy/types.js';
import type { TrafficItem } from './read-traffic.js';

export type ReviewStatus = Awaited<ReturnType<RouteHandle['status']>>;

export interface RouteTrafficOptions {
  /** Requests in flight at once. @default 16 */
  concurrency?: number;
  /** Prefix for request ids (makes workflow ids readable and unique per run). */
  requestIdPrefix: string;
  /** Called after each request settles (finished or left parked). */
  onSettled?: (done: number, total: number) => void;
  /**
   * Plays the human reviewer: called for each request of this run that waits for review; returns the
   * decision, or null to leave it parked (it is then reported as pending, not awaited).
   */
  reviewer?: (status: ReviewStatus, parkedSoFar: number) => ReviewDecision | null;
  /** How often the review queue is checked, ms. @default 500 */
  reviewPollMs?: number;
}

export interface TrafficOutcome {
  item: TrafficItem;
  workflowId: string;
  /** The result, or null when the request was left waiting for review. */
  result: RouteResult | null;
}

/** Routes every item of a traffic file through the router with bounded concurrency. */
export async function routeTraffic(
  router: RouterClient,
  items: readonly TrafficItem[],
  options: RouteTrafficOptions,
): Promise<TrafficOutcome[]> {
  const limit = pLimit(options.concurrency ?? 16);
  const inFlight = new Map<string, AbortController>();
  const reviewer = options.reviewer ? startReviewer(router, inFlight, options) : null;
  let done = 0;
  try {
    return await Promise.all(
      items.map((item, index) =>
        limit(async (): Promise<TrafficOutcome> => {
          const requestId = `${options.requestIdPrefix}-${String(index + 1).padStart(4, '0')}`;
          const handle = await router.start({ ...item.request, requestId });
          const controller = new AbortController();
          inFlight.set(handle.workflowId, controller);
          const result = await handle.result({ signal: controller.signal }).catch((error: unknown) => {
            if (controller.signal.aborted) return null;
            throw error;
          });
          inFlight.delete(handle.workflowId);
          done += 1;
          options.onSettled?.(done, items.length);
          return { item, workflowId: handle.workflowId, result };
        }),
      ),
    );
  } finally {
    await reviewer?.stop();
  }
}

/** Polls the review queue and resolves (or leaves parked) the requests of this run. */
function startReviewer(router: RouterClient, inFlight: Map<string, AbortController>, options: RouteTrafficOptions) {
  const seen = new Set<string>();
  let parked = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, options.reviewPollMs ?? 500));
      const pending = await router.pendingReviews().catch(() => []);
      for (const { workflowId } of pending) {
        const controller = inFlight.get(workflowId);
        if (!controller || seen.has(workflowId)) continue;
        seen.add(workflowId);
        const handle = router.handle(workflowId);
        const status = await handle.status().catch(() => null);
        if (!status?.review) {
          seen.delete(workflowId);
          continue;
        }
        const decision = options.reviewer!(status, parked);
        if (decision === null) {
          parked += 1;
          controller.abort();
        } else {
          await handle.resolveReview(decision).catch(() => seen.delete(workflowId));
        }
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}
