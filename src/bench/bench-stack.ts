import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import { reviewerPublicKeysOf } from '../auth/reviewer-keys.js';
import type { RouterClient } from '../client/router-client.js';
import { dataConverterFromEnv } from '../codec/data-converter.js';
import type { LoadedPolicy } from '../config/load-policy.js';
import type { FakeModelProfile, FakeProvider } from '../fake-provider/index.js';
import { generateReviewerTokens, type ReviewerTokens } from '../review/tokens.js';
import { settlesWithin, unlessLost } from '../stack/bounded-wait.js';
import { startWorkerStack } from '../stack/start-worker-stack.js';
import { type DevServer, startDevServer } from '../temporal/dev-server.js';
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
  /** Called when the embedded dev server's first start failed, before its one retry. @default silent */
  onServerRetry?: (error: Error) => void;
}

/** A loopback-only stack for benchmarks: Temporal, the fake provider, one worker on its own task queue. */
export interface BenchStack {
  address: string;
  client: Client;
  /** Starts workflows eagerly on the worker's connection (`eagerStart`), else null (see floor-run.ts). */
  starter: Client | null;
  router: RouterClient;
  fake: FakeProvider;
  worker: Worker;
  taskQueue: string;
  /** True when an embedded dev server was started. */
  embedded: boolean;
  /** The embedded dev server, or null on an existing Temporal. */
  server: DevServer | null;
  /**
   * Resolves with an error when the embedded dev server dies before `stop()`; never settles otherwise (nor on an
   * existing Temporal). A benchmark races its run against it, so a dead server ends the run instead of hanging it.
   */
  unexpectedExit: Promise<Error>;
  /** Tokens generated for the policy's reviewers (token → identity); the worker trusts their public keys. */
  reviewerTokens: ReviewerTokens;
  /** Stops the worker (at most 10 s: it may hang on a dead server), then the dev server. */
  stop(): Promise<void>;
}

/** How long stopping the worker may take before the dev server is stopped anyway, ms. */
const WORKER_STOP_MS = 10_000;

/** Starts the stack; everything started is stopped again if a later step fails (or the dev server dies). */
export async function startBenchStack(settings: BenchStackSettings): Promise<BenchStack> {
  let server: DevServer | null = null;
  if (!settings.address) {
    server = await startDevServer({
      fastSqlite: true,
      ...(settings.onServerRetry ? { onRetry: settings.onServerRetry } : {}),
    });
  }
  const unexpectedExit = server?.unexpectedExit ?? new Promise<Error>(() => {});
  try {
    const address = settings.address ?? server!.address;
    const namespace = settings.namespace ?? server?.namespace ?? 'default';
    const dataConverter = dataConverterFromEnv();
    const reviewerTokens = generateReviewerTokens(settings.policy.policy.review.reviewers);
    const starting = startWorkerStack({
      address,
      namespace,
      taskQueue: `bench-${randomUUID().slice(0, 8)}`,
      trust: loadWorkerTrust({ loaded: [settings.policy] }, { reviewerKeys: reviewerPublicKeysOf(reviewerTokens) }),
      fake: { port: 0, ...(settings.fakeProfiles ? { profiles: settings.fakeProfiles } : {}) },
      ...(dataConverter ? { workerDataConverter: dataConverter, clientDataConverter: dataConverter } : {}),
      ...(settings.workerOptions ? { workerOptions: settings.workerOptions } : {}),
      ...(settings.eagerStart ? { eagerStart: true } : {}),
      searchAttributes: settings.searchAttributes ?? 'auto',
    });
    // A server that dies during the start ends it; a worker stack that still comes up later is stopped.
    const stack = await unlessLost(starting, unexpectedExit, (late) => late.stop());
    return {
      ...stack,
      fake: stack.fake!,
      address,
      embedded: server !== null,
      server,
      unexpectedExit,
      reviewerTokens,
      async stop() {
        await settlesWithin(stack.stop(), WORKER_STOP_MS);
        await server?.stop();
      },
    };
  } catch (error) {
    await server?.stop();
    throw error;
  }
}
