import { type LoadedPolicy, parsePolicyText } from '../config/load-policy.js';
import { BENCH_POLICY_YAML } from './bench-policy.js';
import type { BenchStack } from './bench-stack.js';
import { latencyStats, timed } from './latency-stats.js';

/**
 * The bench policy plus a route `budgeted` that one budget covers (a limit no run reaches): requests on route `ok`
 * run no budget activity, requests on `budgeted` reserve before and commit after their attempt.
 */
export const BUDGET_BENCH_POLICY_YAML = BENCH_POLICY_YAML.replace(
  'version: bench-overhead-1',
  'version: bench-budget-1',
)
  .replace(
    'routes:\n',
    'access: { metadataKeys: [lane] }\nroutes:\n  - name: budgeted\n    when: { metadata: { lane: budgeted } }\n    primary: ok\n',
  )
  .concat('budgets:\n  - { name: bench-budget, scope: { route: budgeted }, period: day, limitUsd: 1000000 }\n');

export function budgetBenchPolicy(): LoadedPolicy {
  return parsePolicyText(BUDGET_BENCH_POLICY_YAML, '/virtual/bench-budget.yaml', 'bench-budget.yaml');
}

/** Figures of `switchyard bench budget`, ms. */
export interface BudgetBenchResult {
  samples: number;
  routedP50Ms: number;
  routedP95Ms: number;
  budgetedP50Ms: number;
  budgetedP95Ms: number;
  /** What reserving and committing add: budgeted − routed, per percentile. */
  reservationP50Ms: number;
  reservationP95Ms: number;
}

/** Interleaves routed requests without and with a budget (sequential, one at a time) and compares latencies. */
export async function runBudgetBench(
  stack: BenchStack,
  options: { samples?: number; warmup?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<BudgetBenchResult> {
  const samples = options.samples ?? 100;
  const warmup = options.warmup ?? 10;
  const times: Record<'routed' | 'budgeted', number[]> = { routed: [], budgeted: [] };
  const messages = [{ role: 'user' as const, content: 'Where is my order?' }];
  for (let round = 0; round < warmup + samples; round += 1) {
    for (const lane of round % 2 === 0 ? (['routed', 'budgeted'] as const) : (['budgeted', 'routed'] as const)) {
      const ms = await timed(async () => {
        const result = await stack.router.route({ messages, metadata: { lane } });
        if (result.outcome !== 'answered')
          throw new Error(`bench request ${result.outcome}: ${result.trail.at(-1)?.reason}`);
      });
      if (round >= warmup) times[lane].push(ms);
    }
    options.onProgress?.(round + 1, warmup + samples);
  }
  const routed = latencyStats(times.routed);
  const budgeted = latencyStats(times.budgeted);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    samples,
    routedP50Ms: routed.p50,
    routedP95Ms: routed.p95,
    budgetedP50Ms: budgeted.p50,
    budgetedP95Ms: budgeted.p95,
    reservationP50Ms: round(budgeted.p50 - routed.p50),
    reservationP95Ms: round(budgeted.p95 - routed.p95),
  };
}
