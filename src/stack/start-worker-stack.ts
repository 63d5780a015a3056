import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, type Worker, type WorkerOptions } from '@temporalio/worker';
import type { ActivityDeps, WorkerTrust } from '../../activities/deps.js';
import { InspectionsAhead } from '../../activities/inspections-ahead.js';
import { RouterClient } from '../client/router-client.js';
import { type FakeModelProfile, type FakeProvider, startFakeProvider } from '../fake-provider/index.js';
import type { SwitchyardTracing } from '../telemetry/tracing.js';
import { RECONNECT_CHANNEL_ARGS } from '../temporal/reconnect-channel-args.js';
import { createSwitchyardWorker } from '../worker/create-worker.js';

/** What `dev`, `demo`, the benchmarks and the tests all start against a Temporal server. */
export interface WorkerStackSettings {
  /** Temporal frontend, host:port. */
  address: string;
  namespace: string;
  taskQueue: string;
  /** The worker's policies and keys; `router` routes under the default policy. */
  trust: WorkerTrust;
  /** Start the fake provider on this port (0: any free one) with these simulated models; null: none. */
  fake: { port: number; profiles?: Record<string, FakeModelProfile> } | null;
  /** Payload encryption of the worker and of the client. @default none (plain payloads) */
  workerDataConverter?: DataConverter;
  clientDataConverter?: DataConverter;
  /** Prebuilt workflow bundle. @default the cached bundle */
  workflowBundlePath?: string;
  /** Extra activity dependencies (e.g. an adapter factory in tests). */
  activities?: ActivityDeps;
  /** Extra Worker options (sinks, tuning). */
  workerOptions?: Partial<Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue'>>;
  /**
   * Start workflows eagerly: RouterClient starts them through the worker's NativeConnection (the first workflow task
   * comes back in the start response and runs here); results, queries and lists use the client's own connection.
   * @default false
   */
  eagerStart?: boolean;
  /** OpenTelemetry tracing for the worker and the client (src/telemetry). @default none */
  tracing?: SwitchyardTracing;
  /** RouterClient search-attribute setting. @default 'auto' */
  searchAttributes?: boolean | 'auto';
  /** Inspect each request the stack's RouterClient starts ahead of its workflow (inspections-ahead.ts). @default true */
  inspectAhead?: boolean;
}

/** A running worker with its fake provider and a client; `stop` ends all of it, in reverse order. */
export interface WorkerStack {
  fake: FakeProvider | null;
  worker: Worker;
  client: Client;
  /** The client that starts workflows eagerly on the worker's connection (`eagerStart`), else null: start with `client`. */
  starter: Client | null;
  router: RouterClient;
  /** What `router` offers the worker to inspect ahead (activities/inspections-ahead.ts); null with `inspectAhead: false`. */
  inspectionsAhead: InspectionsAhead | null;
  taskQueue: string;
  stop(): Promise<void>;
}

/** Sets `requestEagerStart` on every workflow start of a client. */
export const eagerStartInterceptor: WorkflowClientInterceptor = {
  start: (input, next) => next({ ...input, options: { ...input.options, requestEagerStart: true } }),
};

/**
 * The one builder of a Switchyard worker stack: fake provider, worker (running), client and RouterClient.
 * Everything started is stopped again when a later step fails.
 */
export async function startWorkerStack(settings: WorkerStackSettings): Promise<WorkerStack> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    stops.length = 0;
  };
  try {
    let fake: FakeProvider | null = null;
    if (settings.fake) {
      const started = await startFakeProvider({
        port: settings.fake.port,
        ...(settings.fake.profiles ? { profiles: settings.fake.profiles } : {}),
      });
      fake = started;
      stops.push(() => started.close());
    }
    // The stack's RouterClient shares the worker's process: the worker inspects each request while its start is
    // recorded (activities/inspections-ahead.ts). Off with `inspectAhead: false`.
    const inspectionsAhead = settings.inspectAhead === false ? null : new InspectionsAhead();
    const workerConnection = await NativeConnection.connect({ address: settings.address });
    stops.push(() => workerConnection.close());
    const worker = await createSwitchyardWorker({
      connection: workerConnection,
      trust: settings.trust,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      activities: {
        ...(fake ? { fakeProviderUrl: fake.url } : {}),
        ...(inspectionsAhead ? { inspectionsAhead } : {}),
        ...settings.activities,
      },
      ...(settings.workflowBundlePath ? { workflowBundlePath: settings.workflowBundlePath } : {}),
      ...(settings.workerDataConverter ? { dataConverter: settings.workerDataConverter } : {}),
      ...(settings.workerOptions ? { options: settings.workerOptions } : {}),
      ...(settings.tracing ? { tracing: settings.tracing } : {}),
    });
    const running = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    const connection = await Connection.connect({ address: settings.address, channelArgs: RECONNECT_CHANNEL_ARGS });
    stops.push(() => connection.close());
    const clientOn = (on: Connection | NativeConnection, eager: boolean) => {
      const interceptors = [
        ...(eager ? [eagerStartInterceptor] : []),
        ...(settings.tracing?.clientInterceptors.workflow ?? []),
      ];
      return new Client({
        connection: on,
        namespace: settings.namespace,
        ...(settings.clientDataConverter ? { dataConverter: settings.clientDataConverter } : {}),
        ...(interceptors.length > 0 ? { interceptors: { workflow: interceptors } } : {}),
      });
    };
    const client = clientOn(connection, false);
    const starter = settings.eagerStart ? clientOn(workerConnection, true) : null;
    const router = new RouterClient({
      client,
      // Eager starts go through the worker's own connection; everything else through the client's (RouterClient).
      ...(starter ? { starter } : {}),
      ...(inspectionsAhead ? { inspectAhead: inspectionsAhead } : {}),
      policy: settings.trust.policies.byVersion.get(settings.trust.policies.defaultVersion)!,
      taskQueue: settings.taskQueue,
      searchAttributes: settings.searchAttributes ?? 'auto',
    });
    return { fake, worker, client, starter, router, inspectionsAhead, taskQueue: settings.taskQueue, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
