// Prometheus metrics of a Switchyard worker (docs/benchmarks.md, "Live metrics").

export { type MetricsServer, type MetricsServerSettings, startMetricsServer } from './metrics-server.js';
export { createMetricsSinks } from './metrics-sinks.js';
export {
  createSwitchyardMetrics,
  LATENCY_BUCKETS_SECONDS,
  type SwitchyardMetrics,
  type SwitchyardMetricsSettings,
} from './switchyard-metrics.js';
export { startWorkerMetrics, type WorkerMetrics } from './worker-metrics.js';
