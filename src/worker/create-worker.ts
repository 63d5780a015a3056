import type { DataConverter } from '@temporalio/common';
import { type InjectedSinks, type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { ActivityDeps } from '../../activities/index.js';
import type { SwitchyardCircuitSinks, SwitchyardSinks } from '../../workflows/sinks.js';
import { sharedCanaryBoard } from '../canary/canary-board.js';
import { canaryReporter, withCanaryReports } from '../canary/canary-sink.js';
import { dataConverterFromEnv } from '../codec/data-converter.js';
import { tracedWorkflowBundle } from '../telemetry/traced-workflow-bundle.js';
import type { SwitchyardTracing } from '../telemetry/tracing.js';
import { DEFAULT_TASK_QUEUE } from '../temporal/defaults.js';
import { SwitchyardPlugin } from './plugin.js';
import type { WorkerTrust } from './worker-config.js';
import { prebuiltWorkflowBundle } from './workflow-bundle.js';

export interface SwitchyardWorkerSettings {
  connection: NativeConnection;
  /** The policies this worker runs and the keys it trusts (see loadWorkerTrust). */
  trust: WorkerTrust;
  /** @default 'default' */
  namespace?: string;
  /** @default 'switchyard' (or SWITCHYARD_TASK_QUEUE) */
  taskQueue?: string;
  activities?: ActivityDeps;
  /**
   * Prebuilt bundle file. @default the cached bundle from prebuiltWorkflowBundle() (tracedWorkflowBundle() with
   * `tracing`; a bundle without Temporal's workflow interceptors gives activity spans but no workflow spans)
   */
  workflowBundlePath?: string;
  /**
   * Payload encryption; the client must use the same. @default from SWITCHYARD_CODEC_KEYS / SWITCHYARD_CODEC_KEY_FILE
   * (refusing unencrypted requests), else none
   */
  dataConverter?: DataConverter;
  /** OpenTelemetry tracing (`tracingFromEnv` / `startTracing` from src/telemetry). @default none: no spans, no interceptors */
  tracing?: SwitchyardTracing;
  /** Extra Worker options (tuning, interceptors, `sinks` to receive request metrics). */
  options?: Partial<Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue'>>;
}

/**
 * A worker that runs routing workflows and their activities. Tuned for a small machine serving short,
 * I/O-bound workflows: model calls wait on the network, so many run at once.
 */
export async function createSwitchyardWorker(settings: SwitchyardWorkerSettings): Promise<Worker> {
  const workflowBundlePath =
    settings.workflowBundlePath ?? (await (settings.tracing ? tracedWorkflowBundle() : prebuiltWorkflowBundle()));
  const dataConverter = settings.dataConverter ?? dataConverterFromEnv(process.env, { refuseUnencrypted: true });
  const sinks = {
    switchyard: { requestFinished: { fn: () => undefined, callDuringReplay: false } },
    switchyardCircuit: { transition: { fn: () => undefined, callDuringReplay: false } },
    ...settings.options?.sinks,
  } as InjectedSinks<SwitchyardSinks & SwitchyardCircuitSinks>;
  const canary = settings.trust.canary;
  const board = settings.activities?.canaryBoard ?? sharedCanaryBoard();
  return Worker.create({
    connection: settings.connection,
    namespace: settings.namespace ?? 'default',
    taskQueue: settings.taskQueue ?? DEFAULT_TASK_QUEUE,
    plugins: [
      new SwitchyardPlugin({
        activities: { ...settings.activities, trust: settings.trust },
        workflowBundlePath,
        ...(dataConverter ? { dataConverter } : {}),
      }),
      ...(settings.tracing ? [settings.tracing.plugin] : []),
    ],
    maxConcurrentActivityTaskExecutions: 200,
    maxConcurrentLocalActivityExecutions: 200,
    maxConcurrentWorkflowTaskExecutions: 40,
    maxCachedWorkflows: 500,
    // Routing is latency-sensitive: if the worker holding a request dies, hand it to another worker
    // after 3 s instead of the default 10 s.
    stickyQueueScheduleToStartTimeout: '3s',
    ...settings.options,
    // Finished requests feed the canary controller (src/canary) as well as the configured sinks (metrics).
    sinks: canary ? withCanaryReports(sinks, canaryReporter(canary, board)) : sinks,
  });
}
