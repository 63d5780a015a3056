import { createRequire } from 'node:module';
import { prebuiltWorkflowBundle } from '../worker/workflow-bundle.js';

/** Temporal's workflow interceptors for OpenTelemetry (workflow span, activity-start spans, header propagation). */
export const TRACING_WORKFLOW_MODULE = createRequire(import.meta.url).resolve(
  '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
);

/**
 * The workflow bundle with Temporal's OpenTelemetry workflow interceptors, cached next to the plain one
 * (`-traced` suffix). A separate bundle so that a worker without tracing carries none of it: the
 * interceptors add @opentelemetry/* and their own module to the sandbox. Returns the file's path.
 */
export function tracedWorkflowBundle(cacheDir?: string): Promise<string> {
  return prebuiltWorkflowBundle(cacheDir, { name: 'traced', workflowInterceptorModules: [TRACING_WORKFLOW_MODULE] });
}
