import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, OptionValues } from '@commander-js/extra-typings';
import { type LoadedPolicy, loadPolicyFile } from '../config/load-policy.js';
import { PACKAGE_ROOT } from '../temporal/paths.js';
import { readDevState } from './dev-state.js';

/** The policy `dev` and `demo` use when none is given. */
export const DEFAULT_DEMO_POLICY = join(PACKAGE_ROOT, 'examples', 'policies', 'support-inbox.yaml');

/** Adds --address / --namespace / --task-queue (Temporal's environment variables are the defaults). */
export function withTemporalOptions<Args extends unknown[], Opts extends OptionValues, Global extends OptionValues>(
  command: Command<Args, Opts, Global>,
) {
  return command
    .option(
      '--address <host:port>',
      'Temporal frontend (default: TEMPORAL_ADDRESS, a running `switchyard dev`, localhost:7233)',
    )
    .option('--namespace <name>', 'Temporal namespace (default: TEMPORAL_NAMESPACE or default)')
    .option('--task-queue <name>', 'task queue (default: SWITCHYARD_TASK_QUEUE or switchyard)');
}

/** The policy file: --policy, else SWITCHYARD_POLICY, else the one a running `switchyard dev` uses. */
export function resolvePolicyPath(flag: string | undefined, fallback?: string): string {
  const path = flag ?? process.env.SWITCHYARD_POLICY ?? readDevState()?.policy ?? fallback;
  if (!path) throw new Error('no policy: pass --policy FILE (or set SWITCHYARD_POLICY, or run `switchyard dev`)');
  if (!existsSync(path)) throw new Error(`policy file not found: ${path}`);
  return path;
}

export function loadPolicy(flag: string | undefined, fallback?: string): LoadedPolicy {
  return loadPolicyFile(resolvePolicyPath(flag, fallback));
}

/** Parses a positive integer option, naming the option in the error. */
export function positiveInteger(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 0)
      throw new Error(`${name} must be a non-negative integer, got "${value}"`);
    return number;
  };
}
