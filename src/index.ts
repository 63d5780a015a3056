// `switchyard`: the client side, for services that start and watch routed requests. Loads neither the
// Temporal worker nor a provider SDK; the worker side is `switchyard/worker`, the workflow-safe side
// `switchyard/workflow`.

export { getRouteStatusQuery, resolveReviewSignal, resolveReviewUpdate } from '../workflows/messages.js';
export type { RouteStatus, RouteWorkflowInput } from '../workflows/types.js';
export { auditWorkflow, exportWorkflowHistory } from './audit/audit-workflow.js';
export {
  type CallerCredential,
  EncryptionRequiredError,
  IdempotencyConflictError,
  InvalidRequestError,
  type RouteHandle,
  RouterClient,
  type RouterClientSettings,
} from './client/router-client.js';
export { createDataConverter, dataConverterFromEnv } from './codec/data-converter.js';
export { type CodecKey, loadCodecKeys } from './codec/keys.js';
export { type LoadedPolicy, loadPolicyFile, parsePolicyText } from './config/load-policy.js';
export { PolicyError } from './config/policy-error.js';
export { createPolicyRegistry, loadPolicyRegistry, type PolicyRegistry } from './config/policy-registry.js';
export { signReviewDecision } from './policy/review-decision.js';
export type { Policy } from './policy/schema.js';
export { credentialPublicKey } from './policy/signatures.js';
export type * from './policy/types.js';
export { diffPolicies } from './policy-diff/diff-policies.js';
export { generateReviewerTokens, loadReviewerTokens } from './review/tokens.js';
export { SEARCH_ATTRIBUTES } from './temporal/search-attributes.js';
