// The OpenAI-compatible HTTP gateway (docs/gateway.md).
export { apiKeysFromEnv, GATEWAY_API_KEYS_ENV } from './api-keys.js';
export { createGatewayApp } from './create-gateway-app.js';
export { type GatewayOutcome, type SwitchyardMeta, SYNTHETIC_MODELS } from './gateway-answer.js';
export { GATEWAY_DEFAULTS, type GatewaySettings } from './gateway-settings.js';
export { type Gateway, startGateway } from './start-gateway.js';
