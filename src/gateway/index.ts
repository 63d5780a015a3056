// The OpenAI-compatible HTTP gateway (docs/gateway.md).
export {
  apiKeysFromEnv,
  GATEWAY_API_KEYS_ENV,
  type GatewayApiKey,
  gatewayApiKeysFromEnv,
  MIN_API_KEY_LENGTH,
  parseApiKeys,
} from './api-keys.js';
export { createGatewayApp } from './create-gateway-app.js';
export { type GatewayOutcome, type SwitchyardMeta, SYNTHETIC_MODELS } from './gateway-answer.js';
export { GATEWAY_DEFAULTS, type GatewaySettings, MAX_BODY_BYTES } from './gateway-settings.js';
export { createReadinessProbe, type ReadinessProbe, type ReadinessProbeSettings } from './readiness-probe.js';
export { POLLER_WINDOW_MS, type Readiness, type ReadinessGap } from './readiness-verdict.js';
export { type Gateway, startGateway } from './start-gateway.js';
