import type { PolicyRef } from '../../workflows/canary-messages.js';
import type { CanarySettings } from '../policy/canary-schema.js';

/**
 * A worker's canary, from its own configuration (`--canary-policy` / `SWITCHYARD_CANARY_POLICY`, …): the active
 * version (the worker's default), the candidate (also in the worker's registry, never the default) and the settings.
 */
export interface WorkerCanary {
  active: PolicyRef;
  candidate: PolicyRef;
  settings: CanarySettings;
}

/** One controller per candidate (version and hash) and task queue: every worker of the queue shares it. */
export function canaryControllerId(taskQueue: string, candidate: PolicyRef): string {
  return `switchyard-canary:${taskQueue}:${candidate.version}:${candidate.hash.slice(0, 12)}`;
}
