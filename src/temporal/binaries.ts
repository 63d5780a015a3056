import { delimiter, join } from 'node:path';
import { firstExisting, TOOLS_BIN } from './paths.js';

/**
 * Finds the Temporal CLI (`temporal server start-dev`): TEMPORAL_CLI_PATH, then the pinned copy from
 * `npm install` (.switchyard/tools), then `temporal` on PATH. Undefined when none exists.
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

function onPath(name: string, env: NodeJS.ProcessEnv): string[] {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name));
}
