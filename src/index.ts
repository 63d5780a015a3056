// Switchyard's public API for services and workers.

export type { ActivityDeps } from '../activities/deps.js';
export { createActivities, type SwitchyardActivities } from '../activities/index.js';
export { getRouteStatusQuery, resolveReviewSignal, resolveReviewUpdate } from '../workflows/messages.js';
export type { RouteStatus, RouteWorkflowInput } from '../workflows/types.js';
export { auditWorkflow, exportWorkflowHistory } from './audit/audit-workflow.js';
export { replayHistories, verifyReplay } from './audit/verify-replay.js';
export {
  type CallerCredential,
  EncryptionRequiredError,
  IdempotencyConflictError,
  InvalidRequestError,
  type RouteHandle,
  RouterClient,
  type RouterClientSettings,
} from './client/router-client.js';
export { startCodecServer } from './codec/codec-server.js';
export { createDataConverter, dataConverterFromEnv } from './codec/data-converter.js';
export { type CodecKey, loadCodecKeys } from './codec/keys.js';
export { type LoadedPolicy, loadPolicyFile, parsePolicyText } from './config/load-policy.js';
export { PolicyError } from './config/policy-error.js';
export { createPolicyRegistry, loadPolicyRegistry, type PolicyRegistry } from './config/policy-registry.js';
export { type GatewaySettings, startGateway } from './gateway/index.js';
export { startMetricsServer } from './metrics/metrics-server.js';
export { createMetricsSinks } from './metrics/metrics-sinks.js';
export { createSwitchyardMetrics } from './metrics/switchyard-metrics.js';
export { SwitchyardPlugin, type SwitchyardPluginSettings } from './plugin.js';
export { signReviewDecision } from './policy/review-decision.js';
export type { Policy } from './policy/schema.js';
export { credentialPublicKey } from './policy/signatures.js';
export type * from './policy/types.js';
export { diffPolicies } from './policy-diff/diff-policies.js';
export { startReviewServer } from './review/server.js';
export { generateReviewerTokens, loadReviewerTokens } from './review/tokens.js';
export { SEARCH_ATTRIBUTES } from './temporal/search-attributes.js';
export { createSwitchyardWorker, type SwitchyardWorkerSettings } from './worker/create-worker.js';
export { loadWorkerTrust, type WorkerTrust } from './worker/worker-config.js';
export { prebuiltWorkflowBundle } from './worker/workflow-bundle.js';
