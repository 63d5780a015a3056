import { z } from 'zod';
import { RouteRequestSchema } from './request-schema.js';
import { StreamTicketSchema } from './stream-ticket.js';

/** Longest policy version name a request may give, characters. */
const MAX_VERSION_CHARS = 200;

/**
 * Input of routeRequestWorkflow since workers own their policies: the request, the policy version it asks
 * for (or none: the worker's default) and, optionally, the hash it expects. No field can carry a policy,
 * a provider or a key: anything unknown is rejected.
 */
export const RouteWorkflowInputSchema = z.strictObject({
  request: RouteRequestSchema,
  /** Policy version to route under. @default the worker's default policy */
  policyVersion: z.string().min(1).max(MAX_VERSION_CHARS).optional(),
  /** sha256 (hex) the named version must have on the worker (e.g. `route --policy FILE`). */
  policyHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'a sha256 in lower-case hex')
    .optional(),
  /** A caller's signed claim to a name (for `access.callers` grants). */
  caller: z
    .strictObject({
      name: z.string().min(1).max(64),
      signature: z.string().regex(/^[0-9a-f]{128}$/, 'an Ed25519 signature in hex'),
    })
    .optional(),
  /** Overrides the policy's review deadline, ms (drills and tests). */
  reviewDeadlineMs: z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional(),
  /**
   * Where workers may send this request's answer live (the gateway holding a streaming client). Only the
   * workflow decides which attempts stream; workers post only to gateways their configuration allows.
   * @default none (the answer is returned when the workflow ends)
   */
  stream: StreamTicketSchema.optional(),
  /** Set Switchyard search attributes (requires them registered on the namespace). @default true */
  searchAttributes: z.boolean().optional(),
});

export type RouteWorkflowInput = z.infer<typeof RouteWorkflowInputSchema>;
