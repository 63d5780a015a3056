// `switchyard/worker`: everything that runs the routing workflow — the Temporal plugin, the worker, the
// activities (which load the provider SDKs) — and the servers around it. Client-side names come from
// `switchyard`.

export type { ActivityDeps } from '../activities/deps.js';
export { createActivities, type SwitchyardActivities } from '../activities/index.js';
export { replayHistories, verifyReplay } from './audit/verify-replay.js';
export { startCodecServer } from './codec/codec-server.js';
export { createDataConverter, dataConverterFromEnv } from './codec/data-converter.js';
export { type CodecKey, loadCodecKeys } from './codec/keys.js';
export { type GatewaySettings, startGateway } from './gateway/index.js';
export { startMetricsServer } from './metrics/metrics-server.js';
export { createMetricsSinks } from './metrics/metrics-sinks.js';
export { createSwitchyardMetrics } from './metrics/switchyard-metrics.js';
export { startReviewServer } from './review/server.js';
export { generateReviewerTokens, loadReviewerTokens } from './review/tokens.js';
export { createSwitchyardWorker, type SwitchyardWorkerSettings } from './worker/create-worker.js';
export { SwitchyardPlugin, type SwitchyardPluginSettings } from './worker/plugin.js';
export { loadWorkerTrust, type WorkerTrust } from './worker/worker-config.js';
export { prebuiltWorkflowBundle, WORKFLOW_PRELOAD_PATH, WORKFLOWS_PATH } from './worker/workflow-bundle.js';
