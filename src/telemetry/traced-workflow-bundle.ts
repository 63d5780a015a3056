import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PACKAGE_ROOT } from '../temporal/paths.js';
import { bundleSourceHash, WORKFLOWS_PATH } from '../worker/workflow-bundle.js';

/** Temporal's workflow interceptors for OpenTelemetry (workflow span, activity-start spans, header propagation). */
export const TRACING_WORKFLOW_MODULE = createRequire(import.meta.url).resolve(
  '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
);

/**
 * The workflow bundle with Temporal's OpenTelemetry workflow interceptors, cached next to the plain one
 * (same source hash, `-traced` suffix). A separate bundle so that a worker without tracing carries none of
 * it: the interceptors add @opentelemetry/* and their own module to the sandbox. Returns the file's path.
 */
export async function tracedWorkflowBundle(cacheDir?: string): Promise<string> {
  const name = `workflow-bundle-${bundleSourceHash()}-traced.js`;
  const directories = cacheDir
    ? [cacheDir]
    : [join(PACKAGE_ROOT, '.switchyard', 'cache'), join(tmpdir(), 'switchyard')];
  const cached = directories.map((directory) => join(directory, name)).find((path) => existsSync(path));
  if (cached) return cached;
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: [TRACING_WORKFLOW_MODULE],
    logger: warningsOnly,
  });
  let lastError: unknown;
  for (const directory of directories) {
    const path = join(directory, name);
    try {
      mkdirSync(directory, { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, code);
      renameSync(temporary, path);
      return path;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

const warningsOnly = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: Record<string, unknown>) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
};
