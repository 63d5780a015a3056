import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { NativeConnection, type Worker, type WorkerOptions } from '@temporalio/worker';
import { reviewerPublicKeysOf } from '../auth/reviewer-keys.js';
import { RouterClient } from '../client/router-client.js';
import { dataConverterFromEnv } from '../codec/data-converter.js';
import type { LoadedPolicy } from '../config/load-policy.js';
import { type FakeModelProfile, type FakeProvider, startFakeProvider } from '../fake-provider/index.js';
import { generateReviewerTokens, type ReviewerTokens } from '../review/tokens.js';
import { type DevServer, startDevServer } from '../temporal/dev-server.js';
import { createSwitchyardWorker } from '../worker/create-worker.js';
import { loadWorkerTrust } from '../worker/worker-config.js';

export interface BenchStackSettings {
  policy: LoadedPolicy;
  /** Temporal to use; when unset an embedded dev server (in-memory SQLite, fast pragmas) is started. */
  address?: string;
  namespace?: string;
  fakeProfiles?: Record<string, FakeModelProfile>;
  /**
   * Start workflows eagerly: the client shares the worker's NativeConnection and asks the server to hand
   * the first workflow task straight back in the start response (saves a poll round trip). @default false
   */
  eagerStart?: boolean;
  /** Extra worker options (tuning experiments). */
  workerOptions?: Partial<Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue'>>;
  /** RouterClient search attributes setting. @default 'auto' */
  searchAttributes?: boolean | 'auto';
}

/** A loopback-only stack for benchmarks: Temporal, the fake provider, one worker on its own task queue. */
export interface BenchStack {
  address: string;
  client: Client;
  router: RouterClient;
  fake: FakeProvider;
  worker: Worker;
  taskQueue: string;
  /** True when an embedded dev server was started. */
  embedded: boolean;
  /** Tokens generated for the policy's reviewers (token → identity); the worker trusts their public keys. */
  reviewerTokens: ReviewerTokens;
  stop(): Promise<void>;
}

/** Sets `requestEagerStart` on every workflow start of a client (RouterClient has no option for it). */
export const eagerStartInterceptor: WorkflowClientInterceptor = {
  start: (input, next) => next({ ...input, options: { ...input.options, requestEagerStart: true } }),
};

/** Starts the stack; everything started is stopped again if a later step fails. */
export async function startBenchStack(settings: BenchStackSettings): Promise<BenchStack> {
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    let server: DevServer | null = null;
    if (!settings.address) {
      server = await startDevServer({ fastSqlite: true });
      stops.push(() => server!.stop());
    }
    const address = settings.address ?? server!.address;
    const namespace = settings.namespace ?? server?.namespace ?? 'default';
    const fake = await startFakeProvider({
      port: 0,
      ...(settings.fakeProfiles ? { profiles: settings.fakeProfiles } : {}),
    });
    stops.push(() => fake.close());
    const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
    const workerConnection = await NativeConnection.connect({ address });
    stops.push(() => workerConnection.close());
    const dataConverter = dataConverterFromEnv();
    const reviewerTokens = generateReviewerTokens(settings.policy.policy.review.reviewers);
    const worker = await createSwitchyardWorker({
      connection: workerConnection,
      trust: loadWorkerTrust({ loaded: [settings.policy] }, { reviewerKeys: reviewerPublicKeysOf(reviewerTokens) }),
      namespace,
      taskQueue,
      activities: { fakeProviderUrl: fake.url },
      ...(dataConverter ? { dataConverter } : {}),
      ...(settings.workerOptions ? { options: settings.workerOptions } : {}),
    });
    const running = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    let connection: Connection | NativeConnection = workerConnection;
    if (!settings.eagerStart) {
      const own = await Connection.connect({ address });
      stops.push(() => own.close());
      connection = own;
    }
    const client = new Client({
      connection,
      namespace,
      ...(dataConverter ? { dataConverter } : {}),
      ...(settings.eagerStart ? { interceptors: { workflow: [eagerStartInterceptor] } } : {}),
    });
    const router = new RouterClient({
      client,
      policy: settings.policy,
      taskQueue,
      searchAttributes: settings.searchAttributes ?? 'auto',
    });
    return {
      address,
      client,
      router,
      fake,
      worker,
      taskQueue,
      embedded: server !== null,
      reviewerTokens,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
