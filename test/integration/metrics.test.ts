import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RouterClient } from '../../src/client/router-client.js';
import { loadPolicyFile } from '../../src/config/load-policy.js';
import { type FakeProvider, startFakeProvider } from '../../src/fake-provider/index.js';
import {
  createMetricsSinks,
  createSwitchyardMetrics,
  type MetricsServer,
  startMetricsServer,
} from '../../src/metrics/index.js';
import { PACKAGE_ROOT } from '../../src/temporal/paths.js';
import { createSwitchyardWorker } from '../../src/worker/create-worker.js';
import { loadWorkerTrust } from '../../src/worker/worker-config.js';

/** A worker with the metrics sink: route requests, scrape /metrics, find the counters. */
const policy = loadPolicyFile(join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml'));
const metrics = createSwitchyardMetrics();
let fake: FakeProvider;
let server: MetricsServer;
let router: RouterClient;
let stop: () => Promise<void>;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by an earlier file in this process.
  }
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  fake = await startFakeProvider({ port: 0 });
  const taskQueue = `metrics-${randomUUID().slice(0, 8)}`;
  const workerConnection = await NativeConnection.connect({ address });
  const worker = await createSwitchyardWorker({
    connection: workerConnection,
    trust: loadWorkerTrust({ loaded: [policy] }, { env: {} }),
    namespace,
    taskQueue,
    workflowBundlePath: inject('workflowBundlePath'),
    activities: { fakeProviderUrl: fake.url },
    options: { sinks: createMetricsSinks(metrics) },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  router = new RouterClient({ client: new Client({ connection, namespace }), policy, taskQueue });
  server = await startMetricsServer({ port: 0, registry: metrics.registry });
  stop = async () => {
    worker.shutdown();
    await running;
    await Promise.all([workerConnection.close(), connection.close(), fake.close(), server.close()]);
  };
});

afterAll(async () => {
  await stop?.();
});

/** `switchyard_model_tokens_total` samples by their label text. */
function tokenCounts(text: string): Record<string, number> {
  const samples = text.matchAll(/^switchyard_model_tokens_total\{([^}]*)\} (\d+)$/gm);
  return Object.fromEntries([...samples].map((match) => [match[1]!, Number(match[2])]));
}

async function scrape(): Promise<string> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

describe('worker metrics', () => {
  it('counts routed requests, attempts by error type, cost and latency', async () => {
    const ask = [{ role: 'user' as const, content: 'hello' }];
    const rescued = await router.route({ messages: ask, route: '503' });
    await router.route({ messages: ask, route: 'ok' });
    expect(rescued.model).toBe('ok');
    let text = await scrape();
    for (let tries = 0; tries < 40 && !text.includes('route="ok"'); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      text = await scrape();
    }
    expect(text).toContain(
      'switchyard_requests_total{route="503",outcome="answered",model="ok",data_class="public"} 1',
    );
    expect(text).toContain('switchyard_requests_total{route="ok",outcome="answered",model="ok",data_class="public"} 1');
    expect(text).toContain(
      'switchyard_attempts_total{provider="fake-openai",model="503",outcome="error",error_kind="transient",error_type="Overloaded"} 2',
    );
    expect(text).toContain(
      'switchyard_attempts_total{provider="fake-anthropic",model="ok",outcome="ok",error_kind="none",error_type="none"} 2',
    );
    const cost = /switchyard_cost_usd_total\{route="503",model="ok"\} ([\d.e-]+)/.exec(text);
    expect(Number(cost?.[1])).toBeCloseTo(rescued.costUsd, 8);
    expect(text).toContain('switchyard_request_duration_seconds_count{route="503",outcome="answered"} 1');
    expect(text).toContain(
      'switchyard_attempt_duration_seconds_bucket{le="+Inf",provider="fake-openai",model="503",outcome="error"} 2',
    );
  });

  it('counts input and output tokens per model from each attempt', async () => {
    const ask = [{ role: 'user' as const, content: 'count my tokens' }];
    const before = tokenCounts(await scrape());
    const result = await router.route({ messages: ask, route: 'ok' });
    const attempt = result.attempts.at(-1)!;
    expect(attempt.inputTokens).toBeGreaterThan(0);
    expect(attempt.outputTokens).toBeGreaterThan(0);
    const key = (direction: string) => `provider="fake-anthropic",model="ok",direction="${direction}"`;
    let after = tokenCounts(await scrape());
    for (let tries = 0; tries < 40 && after[key('input')] === before[key('input')]; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = tokenCounts(await scrape());
    }
    expect(after[key('input')]! - (before[key('input')] ?? 0)).toBe(attempt.inputTokens);
    expect(after[key('output')]! - (before[key('output')] ?? 0)).toBe(attempt.outputTokens);
    // Attempts that failed before any usage add no series.
    expect(Object.keys(after).some((labels) => labels.includes('model="503"'))).toBe(false);
  });

  it('answers other paths with 404', async () => {
    expect((await fetch(`${server.url}/other`)).status).toBe(404);
  });
});
