import { loadCallerPublicKeys } from '../auth/caller-keys.js';
import { loadReviewerPublicKeys } from '../auth/reviewer-keys.js';
import { loadCodecKeys } from '../codec/keys.js';
import type { LoadedPolicy } from '../config/load-policy.js';
import { createPolicyRegistry, loadPolicyRegistry, type PolicyRegistry } from '../config/policy-registry.js';
import { gatewayApiKeysFromEnv } from '../gateway/api-keys.js';
import type { PublicKeys } from '../policy/signatures.js';

/**
 * What a worker trusts, all from its own configuration (ARCHITECTURE §0): the policies it runs, the public
 * keys of reviewers and callers, and whether payloads must arrive encrypted. Nothing here comes from a request.
 */
export interface WorkerTrust {
  policies: PolicyRegistry;
  /** Canonical reviewer identity → Ed25519 public key (hex). */
  reviewerKeys: PublicKeys;
  /** Canonical caller name → Ed25519 public key (hex). */
  callerKeys: PublicKeys;
  /** Refuse requests whose payloads arrive unencrypted (true whenever the worker holds codec keys). */
  requireEncryption: boolean;
}

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
  } = {},
): WorkerTrust {
  const env = options.env ?? process.env;
  const policies =
    'paths' in source
      ? loadPolicyRegistry(source.paths, options.defaultVersion)
      : createPolicyRegistry(source.loaded, options.defaultVersion);
  return {
    policies,
    reviewerKeys: Object.freeze({ ...loadReviewerPublicKeys(env), ...options.reviewerKeys }),
    callerKeys: Object.freeze(loadCallerPublicKeys(env, gatewayApiKeysFromEnv(env))),
    requireEncryption: loadCodecKeys(env) !== null,
  };
}
