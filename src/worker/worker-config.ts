import type { WorkerTrust } from '../../activities/deps.js';
import { loadCallerPublicKeys } from '../auth/caller-keys.js';
import { loadReviewerPublicKeys } from '../auth/reviewer-keys.js';
import { type LoadedPolicy, loadPolicyFile } from '../config/load-policy.js';
import { createPolicyRegistry, loadPolicyRegistry } from '../config/policy-registry.js';
import { gatewayApiKeysFromEnv } from '../gateway/api-keys.js';
import { type CanarySource, loadCanary, workerCanaryOf } from './canary-config.js';

/** Where a worker's policies come from: files or folders, or already-loaded policies; and the default version. */
export type PolicySource = { paths: readonly string[] } | { loaded: readonly LoadedPolicy[] };

/** Builds a worker's trust configuration from its policy files and its environment. */
export function loadWorkerTrust(
  source: PolicySource,
  options: {
    defaultVersion?: string;
    env?: NodeJS.ProcessEnv;
    /** More reviewer public keys (e.g. of tokens `dev` generated), added to the configured ones. */
    reviewerKeys?: Record<string, string>;
    /** A candidate taking a slice of the default version's traffic (see canarySourceOf). @default none */
    canary?: CanarySource | null;
    /** Policy decided in shadow beside the active one (docs/policy-rollout.md): a file, or loaded. @default none */
    shadowPolicy?: string | LoadedPolicy;
  } = {},
): WorkerTrust {
  const env = options.env ?? process.env;
  const canary = options.canary ? loadCanary(options.canary) : null;
  let policies =
    'paths' in source
      ? loadPolicyRegistry(source.paths, options.defaultVersion)
      : createPolicyRegistry(source.loaded, options.defaultVersion);
  const workerCanary = canary ? workerCanaryOf(policies, canary.candidate, canary.settings) : null;
  if (canary) {
    // The candidate joins the registry (callModel finds its models by hash), never as the default.
    const loaded = [...new Set(policies.byVersion.values()), canary.candidate];
    policies = createPolicyRegistry(loaded, policies.defaultVersion);
  }
  return {
    ...(workerCanary ? { canary: workerCanary } : {}),
    policies,
    reviewerKeys: Object.freeze({ ...loadReviewerPublicKeys(env), ...options.reviewerKeys }),
    callerKeys: Object.freeze(loadCallerPublicKeys(env, gatewayApiKeysFromEnv(env))),
    shadow:
      typeof options.shadowPolicy === 'string' ? loadPolicyFile(options.shadowPolicy) : (options.shadowPolicy ?? null),
  };
}

export type { WorkerTrust };
