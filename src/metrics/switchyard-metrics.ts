import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CircuitTransitionSummary, RequestFinished } from '../../workflows/sinks.js';
import { type BoardCircuit, sharedCircuitBoard } from '../circuit/circuit-board.js';

/** Latency buckets for requests and attempts, seconds (50 ms … 2 min). */
export const LATENCY_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120];

/** Review wait buckets, seconds (10 s … 1 day). */
export const REVIEW_WAIT_BUCKETS_SECONDS = [10, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600, 86_400];

export interface SwitchyardMetricsSettings {
  /** Registry to register on. @default a new Registry */
  registry?: Registry;
  /** Also collect Node process metrics (CPU, memory, event loop) with the `switchyard_` prefix. @default false */
  defaultMetrics?: boolean;
  /** The circuits the `switchyard_circuit_state` gauge shows at each scrape. @default the process's circuit board */
  circuits?: () => BoardCircuit[];
}

/** `switchyard_circuit_state` values. */
export const CIRCUIT_STATE_VALUES = { closed: 0, 'half-open': 1, open: 2 } as const;

/** Switchyard's Prometheus metrics, fed by `record` with each finished request. */
export interface SwitchyardMetrics {
  registry: Registry;
  /** Counts one finished request and its attempts. Labels only, never text. */
  record(summary: RequestFinished): void;
  /** Counts one circuit-breaker transition (from the circuit entity's sink). */
  recordTransition(summary: CircuitTransitionSummary): void;
}

/**
 * Creates the routing metrics:
 * - `switchyard_requests_total{route,outcome,model,data_class}`
 * - `switchyard_attempts_total{provider,model,outcome,error_kind,error_type}` (`outcome` ok|error)
 * - `switchyard_cost_usd_total{route,model}` (USD, all attempts of the request)
 * - `switchyard_request_duration_seconds{route,outcome}` (workflow start to finish without review waits)
 * - `switchyard_model_duration_seconds{route}` (a request's time in model calls, all attempts summed)
 * - `switchyard_review_wait_seconds{route}` (time a request waited for a reviewer; only requests that waited)
 * - `switchyard_attempt_duration_seconds{provider,model,outcome}`
 * - `switchyard_model_tokens_total{provider,model,direction}` (`direction` input|output, all attempts incl. failed)
 * - `switchyard_circuit_state{provider,model,circuit}` gauge: 0 closed, 1 half-open, 2 open, as this worker sees it
 *   (`circuit` health|account|format:<route>; `model` * for the account circuit)
 * - `switchyard_circuit_transitions_total{provider,model,circuit,to}` (counted by the worker running the entity)
 * - `switchyard_cache_requests_total{route,result}`: answer cache lookups (`hit`, `miss`) and answers kept (`store`)
 */
export function createSwitchyardMetrics(settings: SwitchyardMetricsSettings = {}): SwitchyardMetrics {
  const registry = settings.registry ?? new Registry();
  if (settings.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'switchyard_' });
  const registers = [registry];
  const requests = new Counter({
    name: 'switchyard_requests_total',
    help: 'Routed requests by route, outcome, answering model and data class',
    labelNames: ['route', 'outcome', 'model', 'data_class'] as const,
    registers,
  });
  const attempts = new Counter({
    name: 'switchyard_attempts_total',
    help: 'Model attempts by provider, model, result, error kind and error type',
    labelNames: ['provider', 'model', 'outcome', 'error_kind', 'error_type'] as const,
    registers,
  });
  const cost = new Counter({
    name: 'switchyard_cost_usd_total',
    help: 'Spend on model attempts in USD, by route and answering model',
    labelNames: ['route', 'model'] as const,
    registers,
  });
  const requestLatency = new Histogram({
    name: 'switchyard_request_duration_seconds',
    help: 'Routed request latency (workflow start to finish without review waits), seconds',
    labelNames: ['route', 'outcome'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers,
  });
  const modelLatency = new Histogram({
    name: 'switchyard_model_duration_seconds',
    help: "Time a routed request spent in model calls (all attempts' latencies summed), seconds",
    labelNames: ['route'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers,
  });
  const reviewWait = new Histogram({
    name: 'switchyard_review_wait_seconds',
    help: 'Time a routed request waited for a reviewer (requests that waited), seconds',
    labelNames: ['route'] as const,
    buckets: REVIEW_WAIT_BUCKETS_SECONDS,
    registers,
  });
  const attemptLatency = new Histogram({
    name: 'switchyard_attempt_duration_seconds',
    help: 'Model attempt latency as measured by the activity, seconds',
    labelNames: ['provider', 'model', 'outcome'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers,
  });
  const tokens = new Counter({
    name: 'switchyard_model_tokens_total',
    help: 'Tokens used by model attempts (including failed ones that reported usage), by provider, model and direction',
    labelNames: ['provider', 'model', 'direction'] as const,
    registers,
  });
  const circuits = settings.circuits ?? (() => sharedCircuitBoard().circuits());
  new Gauge({
    name: 'switchyard_circuit_state',
    help: 'Circuit breaker state per provider model as this worker sees it: 0 closed, 1 half-open, 2 open',
    labelNames: ['provider', 'model', 'circuit'] as const,
    registers,
    collect() {
      this.reset();
      for (const row of circuits())
        this.set({ provider: row.provider, ...circuitLabels(row.key) }, CIRCUIT_STATE_VALUES[row.phase]);
    },
  });
  const transitions = new Counter({
    name: 'switchyard_circuit_transitions_total',
    help: 'Circuit breaker transitions by provider, model, circuit and new state',
    labelNames: ['provider', 'model', 'circuit', 'to'] as const,
    registers,
  });
  const cacheRequests = new Counter({
    name: 'switchyard_cache_requests_total',
    help: 'Answer cache lookups (hit, miss) and answers kept (store), by route',
    labelNames: ['route', 'result'] as const,
    registers,
  });
  return {
    registry,
    recordTransition(summary) {
      transitions.inc({ provider: summary.provider, ...circuitLabels(summary.key), to: summary.to });
    },
    record(summary) {
      const route = summary.route ?? 'none';
      const model = summary.model ?? 'none';
      requests.inc({ route, outcome: summary.outcome, model, data_class: summary.dataClass ?? 'none' });
      if (summary.costUsd > 0) cost.inc({ route, model }, summary.costUsd);
      if (summary.cache) {
        cacheRequests.inc({ route, result: summary.cache.result });
        if (summary.cache.stored) cacheRequests.inc({ route, result: 'store' });
      }
      // Summaries from bundles older than the split have only the start-to-finish time.
      const split = summary.latency;
      requestLatency.observe({ route, outcome: summary.outcome }, (split?.endToEndMs ?? summary.latencyMs) / 1000);
      if (split) {
        modelLatency.observe({ route }, split.modelMs / 1000);
        if (split.reviewWaitMs > 0) reviewWait.observe({ route }, split.reviewWaitMs / 1000);
      }
      for (const attempt of summary.attempts) {
        const outcome = attempt.ok ? 'ok' : 'error';
        attempts.inc({
          provider: attempt.provider,
          model: attempt.model,
          outcome,
          error_kind: attempt.errorKind ?? 'none',
          error_type: attempt.errorType ?? 'none',
        });
        attemptLatency.observe({ provider: attempt.provider, model: attempt.model, outcome }, attempt.latencyMs / 1000);
        const labels = { provider: attempt.provider, model: attempt.model };
        if (attempt.inputTokens) tokens.inc({ ...labels, direction: 'input' }, attempt.inputTokens);
        if (attempt.outputTokens) tokens.inc({ ...labels, direction: 'output' }, attempt.outputTokens);
      }
    },
  };
}

/** Metric labels of a circuit key: `model:<id>` → health, `format:<id>:<route>` → format:<route>, `account`. */
function circuitLabels(key: string): { model: string; circuit: string } {
  if (key.startsWith('model:')) return { model: key.slice(6), circuit: 'health' };
  if (key.startsWith('format:')) {
    const rest = key.slice(7);
    const cut = rest.lastIndexOf(':');
    return { model: rest.slice(0, cut), circuit: `format:${rest.slice(cut + 1)}` };
  }
  return { model: '*', circuit: key };
}
