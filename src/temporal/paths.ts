import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Switchyard package root (where package.json, examples/ and .switchyard/tools live): two levels up
 * from src/temporal in a checkout, three from dist/src/temporal in the built package.
 */
export const PACKAGE_ROOT = packageRootOf(dirname(fileURLToPath(import.meta.url)));

function packageRootOf(moduleDir: string): string {
  const sourceRoot = join(moduleDir, '..', '..');
  return basename(sourceRoot) === 'dist' && existsSync(join(sourceRoot, '..', 'package.json'))
    ? join(sourceRoot, '..')
    : sourceRoot;
}

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
