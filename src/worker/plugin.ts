import type { DataConverter } from '@temporalio/common';
import { SimplePlugin } from '@temporalio/plugin';
import type { WorkerOptions } from '@temporalio/worker';
import { type ActivityDeps, createActivities } from '../../activities/index.js';
import { WORKFLOW_PRELOAD_PATH, WORKFLOWS_PATH } from './workflow-bundle.js';

export interface SwitchyardPluginSettings {
  /** What the activities need (fake-provider address, environment, classifier loader). */
  activities?: ActivityDeps;
  /** A prebuilt workflow bundle file; without it the worker bundles `workflows/` at start. */
  workflowBundlePath?: string;
  /** Payload codec and failure converter for the worker (e.g. `createDataConverter(keys)` from src/codec). */
  dataConverter?: DataConverter;
}

/**
 * Switchyard as a Temporal plugin: registers the routing workflow and its activities on any Worker
 * (`Worker.create({ plugins: [new SwitchyardPlugin()] , ... })`).
 */
export class SwitchyardPlugin extends SimplePlugin {
  constructor(settings: SwitchyardPluginSettings = {}) {
    super({
      name: 'switchyard',
      activities: createActivities(settings.activities ?? {}),
      ...(settings.workflowBundlePath
        ? { workflowBundle: { codePath: settings.workflowBundlePath } }
        : { workflowsPath: WORKFLOWS_PATH }),
      ...(settings.dataConverter ? { dataConverter: settings.dataConverter } : {}),
    });
  }

  /** A worker that bundles `workflows/` at start preloads src/policy too, as the prebuilt bundle does. */
  override configureWorker(options: WorkerOptions): WorkerOptions {
    const configured = super.configureWorker(options);
    if (configured.workflowsPath !== WORKFLOWS_PATH) return configured;
    const preloadModules = configured.bundlerOptions?.preloadModules ?? [];
    return {
      ...configured,
      bundlerOptions: { ...configured.bundlerOptions, preloadModules: [...preloadModules, WORKFLOW_PRELOAD_PATH] },
    };
  }
}
