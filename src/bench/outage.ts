import type { RouteResult } from '../policy/types.js';
import type { BenchStack } from './bench-stack.js';
import { latencyStats } from './latency-stats.js';
import {
  FAULT_MODELS,
  OUTAGE_LIMITS,
  OUTAGE_MODES,
  OUTAGE_ROUTES,
  type OutageFault,
  type OutageMode,
} from './outage-policy.js';

export interface OutageOptions {
  /** How the primary fails. @default '5xx' */
  fault?: OutageFault;
  /** Sequential requests per mode. @default 15 */
  requests?: number;
  /** Called after each measured request, with the count done over both modes. */
  onProgress?: (done: number, total: number) => void;
}

/** One mode's run: `requests` requests one after another while the primary is down. */
export interface OutageRun {
  /** Caller's start → answer per request, in order, ms (0.1 ms). */
  timeToAnswerMs: number[];
  /** Calls that reached the dead primary, per request (the fake provider's log). */
  primaryAttemptsPerRequest: number[];
  /** Calls that reached the dead primary, all requests. */
  primaryAttempts: number;
  /** Attempts of the primary (first tries and retries) the breaker skipped (`CircuitOpen`), all requests. */
  primarySkipped: number;
  p50Ms: number;
  p95Ms: number;
  /** Sum of the times to answer, ms. */
  totalMs: number;
}

/** Figures of `switchyard bench outage` (the JSON field names are a stable contract). */
export interface OutageResult {
  fault: OutageFault;
  requests: number;
  /** The fake-provider model behind the dead primary. */
  primaryModel: string;
  /** The policy's limits: per attempt, first token, deadline, retries, retry wait (ms unless named otherwise). */
  limits: typeof OUTAGE_LIMITS;
  withBreaker: OutageRun;
  withoutBreaker: OutageRun;
}

const MESSAGES = [{ role: 'user' as const, content: 'Where is my order? It was due yesterday.' }];

/**
 * Time to answer for the 1st … Nth request during a primary outage, sequential, first with the breaker off, then on
 * (each on its own provider key, so its own circuits; see `outage-policy.ts`). Each mode starts with one unmeasured
 * request on its healthy model, so both measure a warm worker and, with the breaker, an existing circuit entity.
 */
export async function runOutageBench(stack: BenchStack, options: OutageOptions = {}): Promise<OutageResult> {
  const fault = options.fault ?? '5xx';
  const requests = options.requests ?? 15;
  const primaryModel = FAULT_MODELS[fault];
  const total = requests * OUTAGE_MODES.length;
  const samples: Record<OutageMode, RequestSample[]> = { withBreaker: [], withoutBreaker: [] };
  for (const mode of ['withoutBreaker', 'withBreaker'] as const) {
    await answered(stack, OUTAGE_ROUTES[mode].healthy);
    for (let index = 0; index < requests; index += 1) {
      samples[mode].push(await outageRequest(stack, OUTAGE_ROUTES[mode], primaryModel));
      options.onProgress?.(samples.withBreaker.length + samples.withoutBreaker.length, total);
    }
  }
  return {
    fault,
    requests,
    primaryModel,
    limits: OUTAGE_LIMITS,
    withBreaker: summarize(samples.withBreaker),
    withoutBreaker: summarize(samples.withoutBreaker),
  };
}

/** One measured request during the outage. */
interface RequestSample {
  /** Caller's start → answer, ms. */
  ms: number;
  /** Calls that reached the dead primary. */
  primaryAttempts: number;
  /** Primary attempts skipped by an open circuit. */
  skipped: number;
}

async function outageRequest(
  stack: BenchStack,
  names: { outage: string; dead: string },
  primaryModel: string,
): Promise<RequestSample> {
  const started = performance.now();
  const result = await answered(stack, names.outage);
  const ms = performance.now() - started;
  const wire = stack.fake.attempts({ workflowId: result.workflowId });
  return {
    ms,
    primaryAttempts: wire.filter((attempt) => attempt.model === primaryModel).length,
    skipped: result.attempts.filter((attempt) => attempt.model === names.dead && attempt.errorType === 'CircuitOpen')
      .length,
  };
}

function summarize(samples: readonly RequestSample[]): OutageRun {
  const timeToAnswerMs = samples.map((sample) => Math.round(sample.ms * 10) / 10);
  const primaryAttemptsPerRequest = samples.map((sample) => sample.primaryAttempts);
  const stats = latencyStats(timeToAnswerMs);
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  return {
    timeToAnswerMs,
    primaryAttemptsPerRequest,
    primaryAttempts: sum(primaryAttemptsPerRequest),
    primarySkipped: sum(samples.map((sample) => sample.skipped)),
    p50Ms: stats.p50,
    p95Ms: stats.p95,
    totalMs: Math.round(sum(timeToAnswerMs)),
  };
}

/** One request on a forced route; throws unless a model answered (the fallback always can). */
async function answered(stack: BenchStack, route: string): Promise<RouteResult> {
  const result = await stack.router.route({ messages: MESSAGES, route });
  if (result.outcome !== 'answered')
    throw new Error(`outage bench request ${result.outcome}: ${result.trail.at(-1)?.reason}`);
  return result;
}
