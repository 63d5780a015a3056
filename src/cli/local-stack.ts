import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { reviewerPublicKeysOf } from '../auth/reviewer-keys.js';
import type { WorkerCanary } from '../canary/worker-canary.js';
import { warmClassifier } from '../classify/classifier-loader.js';
import type { RouterClient } from '../client/router-client.js';
import { codecTokenFromEnv, generateCodecToken, startCodecServer } from '../codec/codec-server.js';
import { dataConverterFromEnv, warnUnencrypted } from '../codec/data-converter.js';
import { loadCodecKeys } from '../codec/keys.js';
import type { LoadedPolicy } from '../config/load-policy.js';
import type { FakeModelProfile, FakeProvider } from '../fake-provider/index.js';
import type { Logger } from '../logging.js';
import { startWorkerMetrics } from '../metrics/worker-metrics.js';
import { unlessLost } from '../stack/bounded-wait.js';
import { startWorkerStack } from '../stack/start-worker-stack.js';
import { tracingFromEnv } from '../telemetry/tracing.js';
import { DEFAULT_TASK_QUEUE } from '../temporal/defaults.js';
import { type DevServer, startDevServer } from '../temporal/dev-server.js';
import { stateDir } from '../temporal/paths.js';
import { installRuntime } from '../temporal/runtime.js';
import type { CanarySource } from '../worker/canary-config.js';
import { loadWorkerTrust } from '../worker/worker-config.js';
import { DEMO_PROFILES } from './demo-profiles.js';
import { createPortPicker, STACK_PORT_DEFAULTS, type StackPorts } from './stack-ports.js';
import {
  type StackReviewerTokens,
  type StackServiceOptions,
  stackReviewerTokens,
  startStackServices,
} from './stack-services.js';

/** What the embedded stack runs and where (every listener's port: see `StackPorts`). */
export interface LocalStackSettings extends StackPorts {
  policy: LoadedPolicy;
  /** Policy the worker decides in shadow beside `policy`, never called (docs/policy-rollout.md). @default none */
  shadowPolicy?: LoadedPolicy;
  logger: Logger;
  headless?: boolean;
  /** SQLite file. @default .switchyard/temporal.db */
  dbFile?: string;
  /** Simulated models the fake provider serves. @default DEMO_PROFILES (the example policy's sim-* models) */
  fakeProfiles?: Record<string, FakeModelProfile>;
  taskQueue?: string;
  /** Which HTTP services to start next to the worker. @default review page and gateway */
  services?: StackServiceOptions;
  /** Serve worker metrics (Prometheus) on `metricsPort`. @default false */
  metrics?: boolean;
  /** Interface the worker metrics listen on. @default '127.0.0.1' */
  metricsHost?: string;
  /** A candidate policy canaried against `policy` (docs/policy-rollout.md). @default none */
  canary?: CanarySource | null;
}

/** A dev server, a fake provider (when the policy uses one) and a worker, all on loopback. */
export interface LocalStack {
  server: DevServer;
  fake: FakeProvider | null;
  worker: Worker;
  client: Client;
  router: RouterClient;
  taskQueue: string;
  /** Codec endpoint for the Web UI, when payloads are encrypted. */
  codecUrl: string | null;
  /** The worker's canary (`--canary-policy`), or null. */
  canary: WorkerCanary | null;
  /** Review page, and the login links of reviewers whose tokens were generated for this run. */
  review: { url: string; logins: { reviewer: string; url: string }[] } | null;
  /** OpenAI-compatible gateway base URL (…/v1), when started. */
  gatewayUrl: string | null;
  /** Prometheus endpoint, when started. */
  metricsUrl: string | null;
  /** Every port the stack listens on, by listener (null: not started). */
  ports: Record<keyof typeof STACK_PORT_DEFAULTS, number | null>;
  /** The reviewer tokens the worker trusts (their public keys) and the review page signs in with. */
  reviewerTokens: StackReviewerTokens;
  stop(): Promise<void>;
}

/** Starts the embedded stack `dev` and `demo` run on. Stops everything it started on failure. */
export async function startLocalStack(settings: LocalStackSettings): Promise<LocalStack> {
  const { logger } = settings;
  const d = STACK_PORT_DEFAULTS;
  const pick = createPortPicker();
  const services = settings.services ?? {};
  const metricsPort = settings.metrics ? await pick('--metrics-port', settings.metricsPort, d.metrics) : null;
  const port = await pick('--port', settings.port, d.temporal);
  const temporalHttpPort = await pick('--temporal-http-port', settings.temporalHttpPort, d.temporalHttp);
  const temporalMetricsPort = await pick('--temporal-metrics-port', settings.temporalMetricsPort, d.temporalMetrics);
  const uiPort = settings.headless ? null : await pick('--ui-port', settings.uiPort, d.ui);
  const usesFake = Object.values(settings.policy.policy.providers).some((provider) => provider.fakeProvider);
  const fakePort = usesFake ? await pick('--fake-port', settings.fakePort, d.fake) : null;
  const keys = loadCodecKeys();
  const codecPort = keys ? await pick('--codec-port', settings.codecPort, d.codec) : null;
  const gatewayPort =
    services.gateway === false
      ? null
      : await pick('--gateway-port', services.gatewayPort ?? settings.gatewayPort, d.gateway);
  const reviewPort =
    services.reviewPage === false || settings.policy.policy.review.reviewers.length === 0
      ? null
      : await pick('--review-port', services.reviewPort ?? settings.reviewPort, d.review);
  const metrics =
    metricsPort === null ? null : await startWorkerMetrics(metricsPort, settings.metricsHost ?? '127.0.0.1');
  installRuntime(logger, metrics ? { prometheusBindAddress: metrics.runtimeBindAddress } : {});
  warmClassifier(settings.policy);
  const taskQueue = settings.taskQueue ?? DEFAULT_TASK_QUEUE;
  const dir = stateDir();
  if (!keys) warnUnencrypted();
  const uiOrigins = uiPort ? [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`] : [];
  // The Web UI's codec endpoint (codec.url) carries the access token: SWITCHYARD_CODEC_TOKEN or a fresh one.
  const token = codecTokenFromEnv() ?? generateCodecToken();
  const codec =
    keys && codecPort !== null
      ? await startCodecServer({ keys, token, port: codecPort, corsOrigins: uiOrigins })
      : null;
  // Ports pinned by flags stay; the picked defaults are only tried first (a failed start retries on fresh ones).
  const pinned = (value: number | undefined) => (value ? value : undefined);
  const server = await startDevServer({
    dbFile: settings.dbFile ?? join(dir, 'temporal.db'),
    ...definedPorts({
      port: pinned(settings.port),
      httpPort: pinned(settings.temporalHttpPort),
      metricsPort: pinned(settings.temporalMetricsPort),
      uiPort: pinned(settings.uiPort),
    }),
    preferredPorts: { port, httpPort: temporalHttpPort, metricsPort: temporalMetricsPort, uiPort },
    avoidPorts: [metricsPort, fakePort, codecPort, gatewayPort, reviewPort].filter((p): p is number => p !== null),
    onRetry: (error) => logger.warn({ err: error }, 'Temporal dev server did not start; retrying once on fresh ports'),
    ui: !settings.headless,
    ...(codec ? { codecEndpoint: codec.url } : {}),
    logFile: join(dir, 'temporal.log'),
  }).catch(async (error: unknown) => {
    await codec?.close();
    await metrics?.server.close();
    throw error;
  });
  const stops: (() => Promise<void>)[] = [() => server.stop()];
  // Spans of the worker, the client and the gateway, when OTEL_EXPORTER_OTLP_*ENDPOINT is set; flushed last.
  const tracing = tracingFromEnv(process.env, 'switchyard-dev');
  if (tracing) stops.unshift(() => tracing.shutdown());
  if (codec) stops.unshift(() => codec.close());
  if (metrics) stops.unshift(() => metrics.server.close());
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => logger.warn({ err: error }, 'stop failed'));
  };
  try {
    // Reviewer tokens are decided before the worker starts: it verifies decisions with their public keys.
    const reviewerTokens = services.reviewerTokens ?? stackReviewerTokens(settings.policy);
    const workerConverter = dataConverterFromEnv(process.env, { refuseUnencrypted: true });
    const clientConverter = dataConverterFromEnv();
    const trust = loadWorkerTrust(
      { loaded: [settings.policy] },
      {
        reviewerKeys: reviewerPublicKeysOf(reviewerTokens.tokens),
        canary: settings.canary ?? null,
        ...(settings.shadowPolicy ? { shadowPolicy: settings.shadowPolicy } : {}),
      },
    );
    const candidate = trust.canary ? trust.policies.byHash.get(trust.canary.candidate.hash) : undefined;
    if (candidate) warmClassifier(candidate);
    // A dev server that dies during the start ends it (a worker stack that comes up later is stopped).
    const starting = startWorkerStack({
      address: server.address,
      namespace: server.namespace,
      taskQueue,
      trust,
      fake: fakePort === null ? null : { port: fakePort, profiles: settings.fakeProfiles ?? DEMO_PROFILES },
      // Eager starts through the worker's connection: the first workflow task (for an answered request, the only one)
      // comes back in the start response and runs here. Results and lists use the client's own connection: with both
      // on the worker's connection, the demo's review-queue list once hung behind the waits for results.
      eagerStart: true,
      ...(workerConverter ? { workerDataConverter: workerConverter } : {}),
      ...(clientConverter ? { clientDataConverter: clientConverter } : {}),
      ...(metrics ? { workerOptions: { sinks: metrics.sinks } } : {}),
      ...(tracing ? { tracing } : {}),
    });
    const stack = await unlessLost(starting, server.unexpectedExit, (late) => late.stop());
    stops.push(() => stack.stop());
    const { fake, worker, client, router } = stack;
    const started = await startStackServices({
      client,
      router,
      policy: settings.policy,
      ...services,
      ...(gatewayPort === null ? { gateway: false } : { gatewayPort }),
      ...(reviewPort === null ? { reviewPage: false } : { reviewPort }),
      reviewerTokens,
    });
    stops.push(() => started.close());
    return {
      server,
      fake,
      worker,
      client,
      router,
      taskQueue,
      codecUrl: codec?.url ?? null,
      canary: trust.canary ?? null,
      review: started.review,
      gatewayUrl: started.gatewayUrl,
      metricsUrl: metrics ? `${metrics.server.url}/metrics` : null,
      ports: {
        temporal: server.ports.port,
        temporalHttp: server.ports.httpPort,
        temporalMetrics: server.ports.metricsPort,
        ui: server.ports.uiPort,
        fake: fake?.port ?? null,
        gateway: started.gatewayUrl ? gatewayPort : null,
        review: started.review ? reviewPort : null,
        codec: codec ? codecPort : null,
        metrics: metrics ? metricsPort : null,
      },
      reviewerTokens,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The entries whose value is set (exactOptionalPropertyTypes: unset keys are left out, not `undefined`). */
function definedPorts<T extends Record<string, number | undefined>>(ports: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(ports).filter(([, value]) => value !== undefined)) as Partial<
    Record<keyof T, number>
  >;
}
