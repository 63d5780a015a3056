export type { FakeAttempt, FakeAttemptFilter, FakeWire } from './attempt-log.js';
export { BEHAVIOUR_DEFAULTS, BEHAVIOUR_NAMES, type BehaviourName, parseBehaviour } from './behaviours.js';
export type { FakeProviderLogger } from './handle-model-request.js';
export type { FakeModelProfile, LatencyDistribution } from './profiles.js';
export { type FakeProvider, type FakeProviderSettings, startFakeProvider } from './server.js';
