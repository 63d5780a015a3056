import type { RouteResult } from '../policy/types.js';
import { computeScorecard, percentile, type ScorecardRow } from '../report/scorecard.js';

/** One replay of the traffic: the router itself or a baseline. */
export interface ReplayRun {
  /** `router`, `all-premium`, `all-cheap` or `round-robin`. */
  name: string;
  /** What the run sent (e.g. `models: [strong]`). */
  description: string;
  requests: number;
  /** Requests with a result (the rest were left waiting for review). */
  finished: number;
  successes: number;
  /** Successes / requests. */
  successRate: number;
  costUsd: number;
  costPerRequestUsd: number;
  costPerSuccessUsd: number | null;
  p50LatencyMs: number;
  p95LatencyMs: number;
  /** Per-route scorecard of the run (with the same success definition). */
  scorecard: ScorecardRow[];
}

/** What routing saves, in numbers. */
export interface ReplaySavings {
  /** 1 − router cost per success / all-premium cost per success. */
  costPerSuccessVsPremium: number | null;
  /** Router success rate − all-premium success rate (negative: the router loses some). */
  successDeltaVsPremium: number | null;
  /**
   * 1 − router cost / cost of a random premium/cheap mix with the router's success rate (interpolated
   * between the all-premium and all-cheap runs): the saving at equal success.
   */
  atEqualSuccess: number | null;
  /** Premium share of that equal-success mix, 0..1. */
  equalSuccessPremiumShare: number | null;
}

/** Scores one run. `success` decides what a successful task is. Pure. */
export function summarizeRun(
  name: string,
  description: string,
  requests: number,
  results: readonly RouteResult[],
  success: (result: RouteResult) => boolean,
): ReplayRun {
  const successes = results.filter(success).length;
  const costUsd = results.reduce((sum, result) => sum + result.costUsd, 0);
  const latencies = results.map((result) => result.latencyMs).sort((a, b) => a - b);
  return {
    name,
    description,
    requests,
    finished: results.length,
    successes,
    successRate: requests === 0 ? 0 : successes / requests,
    costUsd,
    costPerRequestUsd: requests === 0 ? 0 : costUsd / requests,
    costPerSuccessUsd: successes === 0 ? null : costUsd / successes,
    p50LatencyMs: percentile(latencies, 0.5),
    p95LatencyMs: percentile(latencies, 0.95),
    scorecard: computeScorecard(results, { success }),
  };
}

/** Savings of the `router` run against the `all-premium` and `all-cheap` runs. Pure. */
export function replaySavings(runs: readonly ReplayRun[]): ReplaySavings {
  const find = (name: string) => runs.find((run) => run.name === name);
  const router = find('router');
  const premium = find('all-premium');
  const cheap = find('all-cheap');
  const none = {
    costPerSuccessVsPremium: null,
    successDeltaVsPremium: null,
    atEqualSuccess: null,
    equalSuccessPremiumShare: null,
  };
  if (!router || !premium) return none;
  const costPerSuccessVsPremium =
    router.costPerSuccessUsd === null || premium.costPerSuccessUsd === null || premium.costPerSuccessUsd === 0
      ? null
      : 1 - router.costPerSuccessUsd / premium.costPerSuccessUsd;
  const result = { ...none, costPerSuccessVsPremium, successDeltaVsPremium: router.successRate - premium.successRate };
  if (!cheap || premium.successRate === cheap.successRate) return result;
  const share = Math.min(
    1,
    Math.max(0, (router.successRate - cheap.successRate) / (premium.successRate - cheap.successRate)),
  );
  const mixCost = share * premium.costPerRequestUsd + (1 - share) * cheap.costPerRequestUsd;
  return {
    ...result,
    equalSuccessPremiumShare: share,
    atEqualSuccess: mixCost === 0 ? null : 1 - router.costPerRequestUsd / mixCost,
  };
}
