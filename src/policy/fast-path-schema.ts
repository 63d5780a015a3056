import { z } from 'zod';

/**
 * A route's fast-path setting (docs/workflow-changes.md, "The fast path"), spread into RouteSchema. Optional, so
 * policies without it hash as before.
 */
export const FastPathShape = {
  /**
   * Run the route's first attempt as a local activity inside the workflow task that routed the request (one
   * workflow task for a request answered first time), when its `timeoutMs` is within the worker's limit (5000 ms
   * by default). `false`: every attempt is a regular activity, e.g. for a model whose calls must never repeat
   * when a worker dies mid-call. @default true
   */
  fastPath: z.boolean().optional().meta({ default: true }),
};
