// Switchyard's public API for services and workers.

export type { ActivityDeps } from '../activities/deps.js';
export { createActivities, type SwitchyardActivities } from '../activities/index.js';
export { getRouteStatusQuery, resolveReviewSignal, resolveReviewUpdate } from '../workflows/messages.js';
export type { RouteStatus, RouteWorkflowInput } from '../workflows/types.js';
export {
  InvalidRequestError,
  type RouteHandle,
  RouterClient,
  type RouterClientSettings,
} from './client/router-client.js';
export { type LoadedPolicy, loadPolicyFile, parsePolicyText } from './config/load-policy.js';
export { PolicyError } from './config/policy-error.js';
export { SwitchyardPlugin, type SwitchyardPluginSettings } from './plugin.js';
export type { Policy } from './policy/schema.js';
export type * from './policy/types.js';
export { SEARCH_ATTRIBUTES } from './temporal/search-attributes.js';
export { createSwitchyardWorker, type SwitchyardWorkerSettings } from './worker/create-worker.js';
export { prebuiltWorkflowBundle } from './worker/workflow-bundle.js';
