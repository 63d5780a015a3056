import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { type LoadedPolicy, loadPolicyFile } from './load-policy.js';

/** The policies one worker runs: several versions at once, one of them the default. Frozen. */
export interface PolicyRegistry {
  /** Used when a request names no version. */
  readonly defaultVersion: string;
  readonly byVersion: ReadonlyMap<string, LoadedPolicy>;
  readonly byHash: ReadonlyMap<string, LoadedPolicy>;
}

/** Why a request's policy could not be resolved (the message is safe to show the caller). */
export class PolicyResolutionError extends Error {
  override readonly name = 'PolicyResolutionError';
  constructor(
    readonly type: 'UnknownPolicyVersion' | 'PolicyHashMismatch',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A registry from loaded policies. The default is `defaultVersion`, else the first policy. Two files with
 * the same version must be the same policy (same hash), or the registry refuses to start.
 */
export function createPolicyRegistry(policies: readonly LoadedPolicy[], defaultVersion?: string): PolicyRegistry {
  if (policies.length === 0) throw new Error('no policy: a worker needs at least one policy file');
  const byVersion = new Map<string, LoadedPolicy>();
  const byHash = new Map<string, LoadedPolicy>();
  for (const loaded of policies) {
    const version = loaded.policy.version;
    const known = byVersion.get(version);
    if (known && known.hash !== loaded.hash) {
      throw new Error(
        `policy version ${version} is defined twice with different content: ${known.file}, ${loaded.file}`,
      );
    }
    byVersion.set(version, loaded);
    byHash.set(loaded.hash, loaded);
  }
  const chosen = defaultVersion ?? policies[0]!.policy.version;
  if (!byVersion.has(chosen)) {
    throw new Error(
      `default policy version ${chosen} is not among the loaded ones (${[...byVersion.keys()].join(', ')})`,
    );
  }
  return Object.freeze({ defaultVersion: chosen, byVersion, byHash });
}

/** Loads policy files and folders (every .yaml/.yml/.json file in a folder, sorted) into a registry. */
export function loadPolicyRegistry(paths: readonly string[], defaultVersion?: string): PolicyRegistry {
  const files = paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => ['.yaml', '.yml', '.json'].includes(extname(name)))
          .sort()
          .map((name) => join(path, name))
      : [path],
  );
  return createPolicyRegistry(files.map(loadPolicyFile), defaultVersion);
}

/**
 * The policy a request asked for: its version (or the default) and, when given, the hash it expects.
 * Throws PolicyResolutionError naming the versions this worker holds.
 */
export function resolvePolicyVersion(
  registry: PolicyRegistry,
  version: string | null,
  expectedHash: string | null,
): LoadedPolicy {
  const wanted = version ?? registry.defaultVersion;
  const loaded = registry.byVersion.get(wanted);
  if (!loaded) {
    const held = [...registry.byVersion.keys()].slice(0, 20).join(', ');
    throw new PolicyResolutionError(
      'UnknownPolicyVersion',
      `unknown policy version "${wanted.slice(0, 120)}": this worker runs ${held}`,
    );
  }
  if (expectedHash !== null && expectedHash !== loaded.hash) {
    throw new PolicyResolutionError(
      'PolicyHashMismatch',
      `policy ${wanted} on the worker has hash ${loaded.hash.slice(0, 12)}…, the request expects ${expectedHash.slice(0, 12)}…: the two copies differ`,
    );
  }
  return loaded;
}
