import OpenAI from 'openai';
import { startGateway } from '../gateway/start-gateway.js';
import { createOpenAICompatibleAdapter } from '../providers/openai-compatible-adapter.js';
import { type AttemptOverhead, attemptOverhead, routeWithAttempts } from './attempt-overhead.js';
import type { BenchStack } from './bench-stack.js';
import { type ReservationCost, reservationCost, routeOnLane } from './budget-bench.js';
import { type FastPathShare, fastPathShare } from './fast-path-share.js';
import { runFloor } from './floor-run.js';
import { type PhaseMedians, phaseMedians, type WorkflowPhases, workflowPhases } from './history-phases.js';
import { type LatencyStats, latencyStats, timed } from './latency-stats.js';
import { medianRatioInterval, type RatioInterval } from './ratio-interval.js';

/**
 * The paths the overhead benchmark interleaves, cheapest first; `routed3` and `routed6` are routed requests that
 * take 3 and 6 attempts (`bench-policy.ts`).
 */
export const OVERHEAD_PATHS = ['direct', 'floor', 'routed', 'budgeted', 'gateway', 'routed3', 'routed6'] as const;
export type OverheadPath = (typeof OVERHEAD_PATHS)[number];

export interface OverheadOptions {
  /** Measured samples per path. @default 200 */
  samples?: number;
  /** Unmeasured rounds first (JIT, caches, connections). @default 20 */
  warmup?: number;
  /** Histories read afterwards, per workflow path, for the phase breakdown (the last samples). @default 50 */
  phaseSamples?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Figures of `switchyard bench overhead` (the JSON field names are a stable contract), ms unless named otherwise.
 * `reservationP50Ms` / `reservationP95Ms`: budgeted − routed, what a budget's reserve and commit add.
 */
export interface OverheadResult extends ReservationCost {
  samples: number;
  directP50Ms: number;
  directP95Ms: number;
  directP99Ms: number;
  floorP50Ms: number;
  floorP95Ms: number;
  floorP99Ms: number;
  routedP50Ms: number;
  routedP95Ms: number;
  routedP99Ms: number;
  budgetedP50Ms: number;
  budgetedP95Ms: number;
  budgetedP99Ms: number;
  gatewayP50Ms: number;
  gatewayP95Ms: number;
  gatewayP99Ms: number;
  /** routed p50 / floor p50: what routing adds on top of Temporal's own minimum. Goal: <= 1.0 (issue 19). */
  routedToFloorP50: number;
  /** 95 % bootstrap interval of `routedToFloorP50` over this run's interleaved rounds (src/bench/ratio-interval.ts). */
  routedToFloorP50Interval: RatioInterval;
  /** gateway p50 − routed p50: HTTP + JSON + SDK cost of the gateway, ms. */
  gatewayMinusRoutedP50Ms: number;
  /** Routed requests taking 1, 3 and 6 attempts, each against this run's floor. */
  byAttempts: AttemptOverhead[];
  stats: Record<OverheadPath, LatencyStats>;
  /**
   * Where the floor's and the routing workflow's time goes, from their histories (median per phase):
   * the difference between the two columns is what routing adds, step by step; `budgeted` − `routed` is where
   * the reservation's time goes.
   */
  phases: Record<PhasedPath, PhaseMedians>;
  /** How many of the measured routed requests took the fast path (src/bench/fast-path-share.ts). */
  fastPath: FastPathShare;
}

/** The workflow paths whose histories are read for the phase breakdown. */
const PHASED_PATHS = ['floor', 'routed', 'budgeted'] as const;
type PhasedPath = (typeof PHASED_PATHS)[number];

const MESSAGES = [{ role: 'user' as const, content: 'Where is my order? It was due yesterday.' }];

/**
 * Interleaves, per sample and in rotating order: (a) a direct call to the fake provider's instant `ok`
 * model through the OpenAI adapter, (b) Temporal's floor (`floorWorkflow`: one no-op activity), (c) the
 * routing workflow on route `ok`, (d) the routing workflow on route `budgeted` (the same model under a budget
 * that never refuses: reserve + attempt + commit), (e) route `ok` through the gateway with the official openai SDK,
 * (f, g) the routing workflow on routes taking 3 and 6 attempts (retries and a fallback, no backoff).
 */
export async function runOverheadBench(stack: BenchStack, options: OverheadOptions = {}): Promise<OverheadResult> {
  const samples = options.samples ?? 200;
  const warmup = options.warmup ?? 20;
  const phaseSamples = Math.min(samples, options.phaseSamples ?? 50);
  const gateway = await startGateway({
    router: stack.router,
    client: stack.client,
    policy: stack.router.requirePolicy(),
    port: 0,
  });
  try {
    const adapter = createOpenAICompatibleAdapter({
      kind: 'openai-compatible',
      providerId: 'fake',
      modelId: 'ok',
      baseURL: `${stack.fake.url}/v1`,
    });
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'bench', maxRetries: 0 });
    const calls: Record<OverheadPath, () => Promise<unknown>> = {
      direct: () =>
        adapter.generate(
          { messages: MESSAGES, maxOutputTokens: 64 },
          { signal: AbortSignal.timeout(10_000), firstTokenTimeoutMs: 5000, idleTimeoutMs: 5000 },
        ),
      floor: () => runFloor(stack),
      routed: async () => (await stack.router.route({ messages: MESSAGES, route: 'ok' })).workflowId,
      budgeted: async () => (await routeOnLane(stack.router, 'budgeted', MESSAGES)).workflowId,
      gateway: () => openai.chat.completions.create({ model: 'ok', messages: MESSAGES }),
      routed3: () => routeWithAttempts(stack.router, 3, MESSAGES),
      routed6: () => routeWithAttempts(stack.router, 6, MESSAGES),
    };
    const times = Object.fromEntries(OVERHEAD_PATHS.map((path) => [path, []])) as unknown as Record<
      OverheadPath,
      number[]
    >;
    const workflowIds: Record<PhasedPath, string[]> = { floor: [], routed: [], budgeted: [] };
    const total = warmup + samples;
    for (let round = 0; round < total; round += 1) {
      for (let step = 0; step < OVERHEAD_PATHS.length; step += 1) {
        const path = OVERHEAD_PATHS[(round + step) % OVERHEAD_PATHS.length]!;
        let workflowId: unknown;
        const ms = await timed(async () => {
          workflowId = await calls[path]();
        });
        if (round < warmup) continue;
        times[path].push(ms);
        if (isPhased(path)) workflowIds[path].push(workflowId as string);
      }
      options.onProgress?.(round + 1, total);
    }
    const stats = Object.fromEntries(OVERHEAD_PATHS.map((path) => [path, latencyStats(times[path])])) as Record<
      OverheadPath,
      LatencyStats
    >;
    const phasesOf = (path: PhasedPath) => measuredPhases(stack, workflowIds[path], times[path], phaseSamples);
    const phases: Record<PhasedPath, PhaseMedians> = {
      floor: await phasesOf('floor'),
      routed: await phasesOf('routed'),
      budgeted: await phasesOf('budgeted'),
    };
    return {
      samples,
      directP50Ms: stats.direct.p50,
      directP95Ms: stats.direct.p95,
      directP99Ms: stats.direct.p99,
      floorP50Ms: stats.floor.p50,
      floorP95Ms: stats.floor.p95,
      floorP99Ms: stats.floor.p99,
      routedP50Ms: stats.routed.p50,
      routedP95Ms: stats.routed.p95,
      routedP99Ms: stats.routed.p99,
      budgetedP50Ms: stats.budgeted.p50,
      budgetedP95Ms: stats.budgeted.p95,
      budgetedP99Ms: stats.budgeted.p99,
      gatewayP50Ms: stats.gateway.p50,
      gatewayP95Ms: stats.gateway.p95,
      gatewayP99Ms: stats.gateway.p99,
      routedToFloorP50: stats.floor.p50 === 0 ? 0 : Math.round((stats.routed.p50 / stats.floor.p50) * 100) / 100,
      routedToFloorP50Interval: medianRatioInterval(times.routed, times.floor),
      gatewayMinusRoutedP50Ms: Math.round((stats.gateway.p50 - stats.routed.p50) * 10) / 10,
      byAttempts: attemptOverhead({ 1: stats.routed, 3: stats.routed3, 6: stats.routed6 }, stats.floor),
      ...reservationCost(stats.routed, stats.budgeted),
      stats,
      phases,
      fastPath: await fastPathShare(stack.client, workflowIds.routed.slice(-phaseSamples)),
    };
  } finally {
    await gateway.close();
  }
}

function isPhased(path: OverheadPath): path is PhasedPath {
  return (PHASED_PATHS as readonly string[]).includes(path);
}

/** Phase medians over the last `count` workflows of a path, from their histories. */
async function measuredPhases(
  stack: BenchStack,
  workflowIds: readonly string[],
  clientMs: readonly number[],
  count: number,
): Promise<PhaseMedians> {
  const phases: WorkflowPhases[] = [];
  const client: number[] = [];
  for (let index = Math.max(0, workflowIds.length - count); index < workflowIds.length; index += 1) {
    const history = await stack.client.workflow.getHandle(workflowIds[index]!).fetchHistory();
    const phase = workflowPhases(history);
    if (phase === null) continue;
    phases.push(phase);
    client.push(clientMs[index]!);
  }
  return phaseMedians(phases, client);
}
