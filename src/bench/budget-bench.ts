import type { RouterClient } from '../client/router-client.js';
import type { RouteRequest, RouteResult } from '../policy/types.js';
import type { BenchStack } from './bench-stack.js';
import { type LatencyStats, latencyStats, timed } from './latency-stats.js';

/**
 * Which route of the bench policy (`bench-policy.ts`) a request takes: `routed` lands on route `ok` (no budget
 * activity), `budgeted` on route `budgeted` (reserve before, commit after the attempt).
 */
export type BudgetLane = 'routed' | 'budgeted';

/** One request on a lane of the bench policy; throws unless it was answered (a refusal would be no measurement). */
export async function routeOnLane(
  router: RouterClient,
  lane: BudgetLane,
  messages: RouteRequest['messages'],
): Promise<RouteResult> {
  const result = await router.route({ messages, metadata: { lane } });
  if (result.outcome !== 'answered') throw new Error(`bench request ${result.outcome}: ${result.trail.at(-1)?.reason}`);
  return result;
}

/** What reserving and committing add: budgeted − routed, per percentile, ms (0.1 ms). */
export interface ReservationCost {
  reservationP50Ms: number;
  reservationP95Ms: number;
}

export function reservationCost(routed: LatencyStats, budgeted: LatencyStats): ReservationCost {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    reservationP50Ms: round(budgeted.p50 - routed.p50),
    reservationP95Ms: round(budgeted.p95 - routed.p95),
  };
}

/** Figures of `switchyard bench budget`, ms. */
export interface BudgetBenchResult extends ReservationCost {
  samples: number;
  routedP50Ms: number;
  routedP95Ms: number;
  budgetedP50Ms: number;
  budgetedP95Ms: number;
}

/**
 * Interleaves routed requests without and with a budget (sequential, one at a time) and compares latencies.
 * `switchyard bench overhead` measures the same lane beside its other paths.
 */
export async function runBudgetBench(
  stack: BenchStack,
  options: { samples?: number; warmup?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<BudgetBenchResult> {
  const samples = options.samples ?? 100;
  const warmup = options.warmup ?? 10;
  const times: Record<BudgetLane, number[]> = { routed: [], budgeted: [] };
  const messages = [{ role: 'user' as const, content: 'Where is my order?' }];
  for (let round = 0; round < warmup + samples; round += 1) {
    for (const lane of round % 2 === 0 ? (['routed', 'budgeted'] as const) : (['budgeted', 'routed'] as const)) {
      const ms = await timed(() => routeOnLane(stack.router, lane, messages));
      if (round >= warmup) times[lane].push(ms);
    }
    options.onProgress?.(round + 1, warmup + samples);
  }
  const routed = latencyStats(times.routed);
  const budgeted = latencyStats(times.budgeted);
  return {
    samples,
    routedP50Ms: routed.p50,
    routedP95Ms: routed.p95,
    budgetedP50Ms: budgeted.p50,
    budgetedP95Ms: budgeted.p95,
    ...reservationCost(routed, budgeted),
  };
}
