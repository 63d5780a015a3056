import { z } from 'zod';
import { HttpUrl, PositiveMs } from './schema-primitives.js';

/** Longest interim message, characters. */
export const MAX_INTERIM_MESSAGE_CHARS = 1000;

/**
 * A route's interim message (docs/streaming.md#interim-messages): when no answer has come back `afterMs` after the
 * first model call started, the client hears `message` while the model keeps working: in its stream (streaming
 * gateway requests), else through `webhook`. Optional keys, so policies without them hash as before.
 */
export const InterimSchema = z.strictObject({
  /** Time from the first model call without an answer before the message goes out, ms. */
  afterMs: PositiveMs,
  /** What the client is told (no request text; at most 1000 characters). */
  message: z.string().min(1).max(MAX_INTERIM_MESSAGE_CHARS),
  /**
   * Where non-streaming requests' interim messages go: a POST of `{event, workflowId, route, message}` (signed with
   * HMAC-SHA256 in `x-switchyard-signature` when `signingSecretEnv` names a worker variable). @default none: only
   * streaming requests hear the message
   */
  webhook: z
    .strictObject({
      url: HttpUrl,
      /** Worker environment variable holding the HMAC-SHA256 key. @default unsigned */
      signingSecretEnv: z.string().optional(),
      /** Delivery attempts before giving up. @default 3 */
      maxAttempts: z.number().int().min(1).max(10).optional(),
    })
    .optional(),
});

export type InterimConfig = z.output<typeof InterimSchema>;

/** `interim` on a route or in `defaults` (a route's own replaces the default as a whole). */
export const InterimShape = { interim: InterimSchema.optional() };
