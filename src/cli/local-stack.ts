import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { reviewerPublicKeysOf } from '../auth/reviewer-keys.js';
import { RouterClient } from '../client/router-client.js';
import { codecTokenFromEnv, generateCodecToken, startCodecServer } from '../codec/codec-server.js';
import { dataConverterFromEnv, warnUnencrypted } from '../codec/data-converter.js';
import { loadCodecKeys } from '../codec/keys.js';
import type { LoadedPolicy } from '../config/load-policy.js';
import { type FakeModelProfile, type FakeProvider, startFakeProvider } from '../fake-provider/index.js';
import type { Logger } from '../logging.js';
import { startWorkerMetrics } from '../metrics/worker-metrics.js';
import { DEFAULT_TASK_QUEUE } from '../temporal/defaults.js';
import { type DevServer, startDevServer } from '../temporal/dev-server.js';
import { freePort, portInUse } from '../temporal/free-port.js';
import { stateDir } from '../temporal/paths.js';
import { installRuntime } from '../temporal/runtime.js';
import { warmClassifier } from '../classify/classifier-loader.js';
import { createSwitchyardWorker } from '../worker/create-worker.js';
import { loadWorkerTrust } from '../worker/worker-config.js';
import {
  type StackReviewerTokens,
  type StackServiceOptions,
  stackReviewerTokens,
  startStackServices,
} from './stack-services.js';

export interface LocalStackSettings {
  policy: LoadedPolicy;
  logger: Logger;
  /** Temporal gRPC port. @default 7233 when free, else any free port */
  port?: number;
  /** Web UI port (ignored when headless). @default 8233 when free */
  uiPort?: number;
  headless?: boolean;
  /** SQLite file. @default .switchyard/temporal.db */
  dbFile?: string;
  /** Fake provider port. @default 8787 when free, else any free port */
  fakePort?: number;
  /** Simulated models the fake provider serves (demo). */
  fakeProfiles?: Record<string, FakeModelProfile>;
  taskQueue?: string;
  /** Which HTTP services to start next to the worker. @default review page and gateway */
  services?: StackServiceOptions;
  /** Serve worker metrics (Prometheus) on this port; 0 = a free one. @default none */
  metricsPort?: number;
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
  /** Review page, and the login links of reviewers whose tokens were generated for this run. */
  review: { url: string; logins: { reviewer: string; url: string }[] } | null;
  /** OpenAI-compatible gateway base URL (…/v1), when started. */
  gatewayUrl: string | null;
  /** Prometheus endpoint, when started. */
  metricsUrl: string | null;
  /** The reviewer tokens the worker trusts (their public keys) and the review page signs in with. */
  reviewerTokens: StackReviewerTokens;
  stop(): Promise<void>;
}

/** Starts the embedded stack `dev` and `demo` run on. Stops everything it started on failure. */
export async function startLocalStack(settings: LocalStackSettings): Promise<LocalStack> {
  const { logger } = settings;
  const metrics = settings.metricsPort === undefined ? null : await startWorkerMetrics(settings.metricsPort);
  installRuntime(logger, metrics ? { prometheusBindAddress: metrics.runtimeBindAddress } : {});
  warmClassifier(settings.policy);
  const taskQueue = settings.taskQueue ?? DEFAULT_TASK_QUEUE;
  const port = settings.port ?? ((await portInUse(7233)) ? undefined : 7233);
  const uiPort = settings.headless
    ? undefined
    : (settings.uiPort ?? ((await portInUse(8233)) ? await freePort() : 8233));
  const dir = stateDir();
  const keys = loadCodecKeys();
  if (!keys) warnUnencrypted();
  const uiOrigins = uiPort ? [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`] : [];
  // The Web UI's codec endpoint (codec.url) carries the access token: SWITCHYARD_CODEC_TOKEN or a fresh one.
  const token = codecTokenFromEnv() ?? generateCodecToken();
  const codec = keys ? await startCodecServer({ keys, token, port: 0, corsOrigins: uiOrigins }) : null;
  const server = await startDevServer({
    dbFile: settings.dbFile ?? join(dir, 'temporal.db'),
    ...(port ? { port } : {}),
    ui: !settings.headless,
    ...(uiPort ? { uiPort } : {}),
    ...(codec ? { codecEndpoint: codec.url } : {}),
    logFile: join(dir, 'temporal.log'),
  });
  const stops: (() => Promise<void>)[] = [() => server.stop()];
  if (codec) stops.unshift(() => codec.close());
  if (metrics) stops.unshift(() => metrics.server.close());
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => logger.warn({ err: error }, 'stop failed'));
  };
  try {
    let fake: FakeProvider | null = null;
    if (Object.values(settings.policy.policy.providers).some((provider) => provider.fakeProvider)) {
      const fakePort = settings.fakePort ?? ((await portInUse(8787)) ? 0 : 8787);
      fake = await startFakeProvider({
        port: fakePort,
        ...(settings.fakeProfiles ? { profiles: settings.fakeProfiles } : {}),
      });
      stops.push(() => fake!.close());
    }
    const workerConnection = await NativeConnection.connect({ address: server.address });
    stops.push(() => workerConnection.close());
    // Reviewer tokens are decided before the worker starts: it verifies decisions with their public keys.
    const reviewerTokens = settings.services?.reviewerTokens ?? stackReviewerTokens(settings.policy);
    const trust = loadWorkerTrust(
      { loaded: [settings.policy] },
      { reviewerKeys: reviewerPublicKeysOf(reviewerTokens.tokens) },
    );
    const worker = await createSwitchyardWorker({
      connection: workerConnection,
      trust,
      namespace: server.namespace,
      taskQueue,
      activities: fake ? { fakeProviderUrl: fake.url } : {},
      ...(metrics ? { options: { sinks: metrics.sinks } } : {}),
    });
    const running = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    const dataConverter = dataConverterFromEnv();
    const client = new Client({ connection, namespace: server.namespace, ...(dataConverter ? { dataConverter } : {}) });
    const router = new RouterClient({ client, policy: settings.policy, taskQueue });
    const services = await startStackServices({
      client,
      router,
      policy: settings.policy,
      ...settings.services,
      reviewerTokens,
    });
    stops.push(() => services.close());
    return {
      server,
      fake,
      worker,
      client,
      router,
      taskQueue,
      codecUrl: codec?.url ?? null,
      review: services.review,
      gatewayUrl: services.gatewayUrl,
      metricsUrl: metrics ? `${metrics.server.url}/metrics` : null,
      reviewerTokens,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
