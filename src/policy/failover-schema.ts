import { z } from 'zod';
import type { ErrorClass } from './error-kinds.js';

/** Longest Retry-After the ladder waits for before a retry when the policy names none, ms. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 5000;

/** `retry`: the same model again (up to `retries` times); `fallback`: the next model at once. */
export const ErrorReactionSchema = z.enum(['retry', 'fallback']);

/**
 * The policy's reaction per failover class (docs/failover.md). Unset classes take the defaults: retry
 * `rateLimit`, `serverError`, `connectionReset`, `outputFormat`; fall back at once on `noResponse`,
 * `firstTokenTimeout`, `streamStall`, `malformedStream`. A route's table merges over `defaults.onError` key by key.
 */
export const OnErrorSchema = z.strictObject({
  /** 429 from the provider. @default retry */
  rateLimit: ErrorReactionSchema.optional().meta({ default: 'retry' }),
  /** 5xx (503/529 overloaded included), 408 and 409. @default retry */
  serverError: ErrorReactionSchema.optional().meta({ default: 'retry' }),
  /** Connection refused or reset before a response. @default retry */
  connectionReset: ErrorReactionSchema.optional().meta({ default: 'retry' }),
  /** No response headers within the first-token limit; also the attempt and activity timeouts. @default fallback */
  noResponse: ErrorReactionSchema.optional().meta({ default: 'fallback' }),
  /** Headers came, but no first token within the first-token limit. @default fallback */
  firstTokenTimeout: ErrorReactionSchema.optional().meta({ default: 'fallback' }),
  /** The stream went silent past the idle limit, or was cut or ended without a finish. @default fallback */
  streamStall: ErrorReactionSchema.optional().meta({ default: 'fallback' }),
  /** The provider sent something that is not its wire format. @default fallback */
  malformedStream: ErrorReactionSchema.optional().meta({ default: 'fallback' }),
  /** The answer fails the route's response format (JSON / schema). @default retry */
  outputFormat: ErrorReactionSchema.optional().meta({ default: 'retry' }),
} satisfies Record<ErrorClass, z.ZodType>); // every class of the taxonomy, nothing else

export type OnErrorConfig = z.output<typeof OnErrorSchema>;
export type ErrorReaction = z.output<typeof ErrorReactionSchema>;
/** The reaction to every class, defaults filled in. */
export type OnErrorTable = Readonly<Record<ErrorClass, ErrorReaction>>;

/**
 * Default reaction per class: retry what a second try usually fixes (429, 5xx, a reset connection, an answer in
 * the wrong format); fail over at once when the model is silent or slow (a retry would cost another full limit).
 */
export const DEFAULT_ON_ERROR: OnErrorTable = {
  rateLimit: 'retry',
  serverError: 'retry',
  connectionReset: 'retry',
  noResponse: 'fallback',
  firstTokenTimeout: 'fallback',
  streamStall: 'fallback',
  malformedStream: 'fallback',
  outputFormat: 'retry',
};

/** The route's table merged key by key over the defaults' and the built-in defaults. */
export function onErrorTable(defaults: OnErrorConfig | undefined, route: OnErrorConfig | undefined): OnErrorTable {
  const table: Record<ErrorClass, ErrorReaction> = { ...DEFAULT_ON_ERROR };
  for (const layer of [defaults, route]) {
    for (const [name, reaction] of Object.entries(layer ?? {})) {
      if (reaction !== undefined) table[name as ErrorClass] = reaction;
    }
  }
  return table;
}
