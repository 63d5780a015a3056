import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { LoadedPolicy } from '../config/load-policy.js';
import { type FakeModelProfile, type FakeProvider, startFakeProvider } from '../fake-provider/index.js';
import type { Logger } from '../logging.js';
import { DEFAULT_TASK_QUEUE } from '../temporal/defaults.js';
import { type DevServer, startDevServer } from '../temporal/dev-server.js';
import { portInUse } from '../temporal/free-port.js';
import { stateDir } from '../temporal/paths.js';
import { installRuntime } from '../temporal/runtime.js';
import { classifierLoader } from '../worker/classifier-loader.js';
import { createSwitchyardWorker } from '../worker/create-worker.js';

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
  codecEndpoint?: string;
}

/** A dev server, a fake provider (when the policy uses one) and a worker, all on loopback. */
export interface LocalStack {
  server: DevServer;
  fake: FakeProvider | null;
  worker: Worker;
  client: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

/** Starts the embedded stack `dev` and `demo` run on. Stops everything it started on failure. */
export async function startLocalStack(settings: LocalStackSettings): Promise<LocalStack> {
  const { logger } = settings;
  installRuntime(logger);
  const taskQueue = settings.taskQueue ?? DEFAULT_TASK_QUEUE;
  const port = settings.port ?? ((await portInUse(7233)) ? undefined : 7233);
  const uiPort = settings.uiPort ?? ((await portInUse(8233)) ? undefined : 8233);
  const dir = stateDir();
  const server = await startDevServer({
    dbFile: settings.dbFile ?? join(dir, 'temporal.db'),
    ...(port ? { port } : {}),
    ui: !settings.headless,
    ...(uiPort ? { uiPort } : {}),
    ...(settings.codecEndpoint ? { codecEndpoint: settings.codecEndpoint } : {}),
    logFile: join(dir, 'temporal.log'),
  });
  const stops: (() => Promise<void>)[] = [() => server.stop()];
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
    const worker = await createSwitchyardWorker({
      connection: workerConnection,
      namespace: server.namespace,
      taskQueue,
      activities: { ...(fake ? { fakeProviderUrl: fake.url } : {}), loadClassifier: classifierLoader },
    });
    const running = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: server.namespace });
    return { server, fake, worker, client, taskQueue, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
