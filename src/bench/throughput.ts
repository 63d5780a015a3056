import type { BenchStack } from './bench-stack.js';
import { runFloor } from './floor-run.js';
import { type LatencyStats, latencyStats, timed } from './latency-stats.js';

export interface ThroughputOptions {
  /** Requests in flight at once (closed loop). @default 16 */
  concurrency?: number;
  /** Measured time per phase (routed, then floor), ms. @default 10000 */
  durationMs?: number;
  onProgress?: (phase: 'routed' | 'floor', elapsedMs: number, completed: number) => void;
}

/** One phase of the throughput benchmark. */
export interface ThroughputPhase {
  completed: number;
  failed: number;
  /** Completed requests per second. */
  perSecond: number;
  latency: LatencyStats;
}

export interface ThroughputResult {
  concurrency: number;
  durationMs: number;
  routed: ThroughputPhase;
  floor: ThroughputPhase;
  /** routed / floor requests per second. */
  routedToFloor: number;
}

const MESSAGES = [{ role: 'user' as const, content: 'Has my package shipped yet?' }];

/**
 * Sustained throughput at a fixed concurrency: `concurrency` loops start a request as soon as their last
 * one finished, for `durationMs`, first with the routing workflow (route `ok`, instant fake model), then
 * with the floor workflow on the same worker. Bounded: each phase stops starting requests at the deadline.
 */
export async function runThroughputBench(
  stack: BenchStack,
  options: ThroughputOptions = {},
): Promise<ThroughputResult> {
  const concurrency = options.concurrency ?? 16;
  const durationMs = options.durationMs ?? 10_000;
  const routed = await runPhase(
    () => stack.router.route({ messages: MESSAGES, route: 'ok' }),
    concurrency,
    durationMs,
    (elapsed, done) => options.onProgress?.('routed', elapsed, done),
  );
  const floor = await runPhase(
    () => runFloor(stack),
    concurrency,
    durationMs,
    (elapsed, done) => options.onProgress?.('floor', elapsed, done),
  );
  return {
    concurrency,
    durationMs,
    routed,
    floor,
    routedToFloor: floor.perSecond === 0 ? 0 : Math.round((routed.perSecond / floor.perSecond) * 100) / 100,
  };
}

async function runPhase(
  call: () => Promise<unknown>,
  concurrency: number,
  durationMs: number,
  onProgress: (elapsedMs: number, completed: number) => void,
): Promise<ThroughputPhase> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const ticker = setInterval(() => onProgress(performance.now() - started, latencies.length), 500);
  const loop = async () => {
    while (performance.now() < deadline) {
      try {
        latencies.push(await timed(call));
      } catch {
        failed += 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, loop));
  } finally {
    clearInterval(ticker);
  }
  const elapsedMs = performance.now() - started;
  return {
    completed: latencies.length,
    failed,
    perSecond: Math.round((latencies.length / (elapsedMs / 1000)) * 10) / 10,
    latency: latencyStats(latencies),
  };
}
