import type { DataConverter } from '@temporalio/common';
import { SimplePlugin } from '@temporalio/plugin';
import { type ActivityDeps, createActivities } from '../../activities/index.js';
import { WORKFLOWS_PATH } from './workflow-bundle.js';

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
}
