import type { InjectedSinks } from '@temporalio/worker';
import { Registry } from 'prom-client';
import type { SwitchyardSinks } from '../../workflows/sinks.js';
import { freePort } from '../temporal/free-port.js';
import { budgetRegistry } from './budget-metrics.js';
import { type MetricsServer, startMetricsServer } from './metrics-server.js';
import { createMetricsSinks } from './metrics-sinks.js';
import { createSwitchyardMetrics } from './switchyard-metrics.js';

/** Everything a worker process needs to expose metrics. */
export interface WorkerMetrics {
  /** Pass to `installRuntime(logger, { prometheusBindAddress })`: the Temporal runtime's own exporter. */
  runtimeBindAddress: string;
  /** Pass as `createSwitchyardWorker({ options: { sinks } })`. */
  sinks: InjectedSinks<SwitchyardSinks>;
  /** Serves Switchyard's metrics plus the runtime's at `${server.url}/metrics`. */
  server: MetricsServer;
}

/**
 * Starts a worker's `/metrics` endpoint on `host`:`port` (host default 127.0.0.1; 0.0.0.0 to be scraped from
 * other containers): Switchyard's routing metrics (fed by the
 * workflow sink), budget alerts and gauges (budget-metrics.ts), Node process metrics, and the Temporal runtime's metrics (its exporter listens on a
 * free loopback port and is appended to every scrape). Call before `installRuntime`.
 */
export async function startWorkerMetrics(port: number, host = '127.0.0.1'): Promise<WorkerMetrics> {
  const runtimeBindAddress = `127.0.0.1:${await freePort()}`;
  const metrics = createSwitchyardMetrics({ defaultMetrics: true });
  const server = await startMetricsServer({
    port,
    host,
    // Budget alerts and the spend / reservation gauges this worker's budget activities see.
    registry: Registry.merge([metrics.registry, budgetRegistry]),
    extraSources: [`http://${runtimeBindAddress}/metrics`],
  });
  return { runtimeBindAddress, sinks: createMetricsSinks(metrics), server };
}
