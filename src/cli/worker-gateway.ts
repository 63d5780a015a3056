import { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { WorkerTrust } from '../../activities/deps.js';
import type { InspectionsAhead } from '../../activities/inspections-ahead.js';
import { RouterClient } from '../client/router-client.js';
import { dataConverterFromEnv } from '../codec/data-converter.js';
import { gatewayApiKeysFromEnv } from '../gateway/api-keys.js';
import { type Gateway, startGateway } from '../gateway/start-gateway.js';
import { eagerStartInterceptor } from '../stack/start-worker-stack.js';

/** Where a worker's embedded gateway listens and what it routes to. */
export interface WorkerGatewaySettings {
  /** The worker's connection: requests start eagerly on it, so their first workflow task runs on this worker. */
  connection: NativeConnection;
  /** A client on its own connection to the same Temporal: results, queries, updates and lists. */
  client: Client;
  trust: WorkerTrust;
  namespace: string;
  taskQueue: string;
  port: number;
  /** @default loopback (others need SWITCHYARD_GATEWAY_API_KEYS) */
  host?: string;
  /** The worker's inspections ahead (activities/inspections-ahead.ts), told of each start. @default none */
  inspectAhead?: InspectionsAhead;
}

/**
 * The gateway embedded in `switchyard worker --gateway-port N`: its client shares the worker's NativeConnection and
 * starts every workflow eagerly, so the first workflow task (for an answered request, the only one: the fast path,
 * docs/workflow-changes.md) comes back in the start response and runs on this worker. Routes under the worker's
 * default policy. A standalone `switchyard gateway` pays a task-queue poll per request instead (docs/benchmarks.md).
 */
export async function startWorkerGateway(settings: WorkerGatewaySettings): Promise<Gateway> {
  const dataConverter = dataConverterFromEnv();
  const starter = new Client({
    connection: settings.connection,
    namespace: settings.namespace,
    ...(dataConverter ? { dataConverter } : {}),
    interceptors: { workflow: [eagerStartInterceptor] },
  });
  const { client } = settings;
  const policy = settings.trust.policies.byVersion.get(settings.trust.policies.defaultVersion)!;
  return startGateway({
    router: new RouterClient({
      client,
      starter,
      policy,
      taskQueue: settings.taskQueue,
      ...(settings.inspectAhead ? { inspectAhead: settings.inspectAhead } : {}),
    }),
    client,
    policy,
    port: settings.port,
    ...(settings.host ? { host: settings.host } : {}),
    apiKeys: gatewayApiKeysFromEnv(),
  });
}
