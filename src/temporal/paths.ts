import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Switchyard package root (where package.json and .switchyard/tools live). */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Per-project state: dev-server database, dev.json, logs. `SWITCHYARD_HOME`, else `.switchyard/` in the
 * current directory.
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SWITCHYARD_HOME ?? join(process.cwd(), '.switchyard');
}

/** Where `npm install` puts the pinned Temporal binaries. */
export const TOOLS_BIN = join(PACKAGE_ROOT, '.switchyard', 'tools', 'bin');

export function firstExisting(paths: (string | undefined)[]): string | undefined {
  return paths.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
}
