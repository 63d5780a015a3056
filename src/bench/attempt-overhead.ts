import type { RouterClient } from '../client/router-client.js';
import type { RouteRequest } from '../policy/types.js';
import { ATTEMPT_LANES, type AttemptCount } from './bench-policy.js';
import type { LatencyStats } from './latency-stats.js';

/** Attempt counts of the overhead benchmark's table, in order. */
export const ATTEMPT_COUNTS = [1, 3, 6] as const satisfies readonly AttemptCount[];

/** One row of `bench overhead`'s table by attempts: requests that took `attempts` attempts vs the same run's floor. */
export interface AttemptOverhead {
  attempts: AttemptCount;
  /** The bench policy's route that produces that many attempts. */
  route: string;
  p50Ms: number;
  p95Ms: number;
  /** p50 / the floor's p50 (one no-op activity), same run. */
  routedToFloorP50: number;
  /** p95 / the floor's p95, same run. */
  routedToFloorP95: number;
  /** (p50 − the 1-attempt p50) / (attempts − 1): what each further attempt adds at p50, ms; null for 1. */
  perExtraAttemptP50Ms: number | null;
}

/**
 * One request on the lane of the bench policy that takes `attempts` attempts (`ATTEMPT_LANES`); returns its
 * workflow id. Throws unless it was answered after exactly that many attempts (anything else measures
 * something else).
 */
export async function routeWithAttempts(
  router: RouterClient,
  attempts: Exclude<AttemptCount, 1>,
  messages: RouteRequest['messages'],
): Promise<string> {
  const lane = ATTEMPT_LANES[attempts];
  const result = await router.route({ messages, metadata: { lane } });
  if (result.outcome !== 'answered' || result.attempts.length !== attempts) {
    throw new Error(
      `bench route ${lane}: ${result.outcome} after ${result.attempts.length} attempts, expected an answer ` +
        `after ${attempts} (${result.trail.at(-1)?.reason})`,
    );
  }
  return result.workflowId;
}

/** The table by attempts, each count's latencies against the same run's floor. */
export function attemptOverhead(
  byAttempts: Record<AttemptCount, LatencyStats>,
  floor: LatencyStats,
): AttemptOverhead[] {
  const ratio = (value: number, base: number) => (base === 0 ? 0 : Math.round((value / base) * 100) / 100);
  const single = byAttempts[1].p50;
  return ATTEMPT_COUNTS.map((attempts) => {
    const stats = byAttempts[attempts];
    return {
      attempts,
      route: ATTEMPT_LANES[attempts] ?? 'ok',
      p50Ms: stats.p50,
      p95Ms: stats.p95,
      routedToFloorP50: ratio(stats.p50, floor.p50),
      routedToFloorP95: ratio(stats.p95, floor.p95),
      perExtraAttemptP50Ms: attempts === 1 ? null : Math.round(((stats.p50 - single) / (attempts - 1)) * 10) / 10,
    };
  });
}
