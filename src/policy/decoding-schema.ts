import { z } from 'zod';
import { DECODING_RANGES } from './decoding-ranges.js';

/**
 * How models are asked to decode (docs/failover.md#repair-and-adjusted-retries, docs/gateway.md#decoding-parameters):
 * sampling values per route, model and `defaults`, what a caller may send, the JSON repair step and the adjusted
 * retry after a format failure. Every key is optional without a default, so a policy without them parses (and
 * hashes) as before.
 */

const Temperature = z
  .number()
  .min(DECODING_RANGES.temperature.min, 'must be within 0..2')
  .max(DECODING_RANGES.temperature.max, 'must be within 0..2');
const TopP = z.number().gt(DECODING_RANGES.topP.min, 'must be above 0').max(1, 'must be at most 1');

/** Decoding values sent with a model call; unset keys are left to the provider. */
export const DecodingSchema = z.strictObject({
  /** Sampling temperature, 0..2. @default provider default */
  temperature: Temperature.optional(),
  /** Nucleus sampling, (0, 1]. @default provider default */
  topP: TopP.optional(),
  /** Sequences that end the answer: at most 4, each 1..64 characters. @default none */
  stop: z
    .array(
      z
        .string()
        .min(1, 'a stop sequence may not be empty')
        .max(DECODING_RANGES.stopChars, 'a stop sequence has at most 64 characters'),
    )
    .max(DECODING_RANGES.stopCount, 'at most 4 stop sequences')
    .optional(),
  /** Sampling seed, an integer (OpenAI wire only; the Anthropic Messages API has none). @default none */
  seed: z.number().int('must be an integer').min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** A closed range for one caller value. */
function rangeOf<T extends z.ZodNumber>(value: T) {
  return z
    .strictObject({ min: value.optional(), max: value.optional() })
    .refine((range) => range.min === undefined || range.max === undefined || range.min <= range.max, {
      message: 'min must not be above max',
    });
}

/**
 * The route's limits on a caller's values (`callerDecoding: clamp`): a value outside its range is moved to the
 * nearest bound. Unset bounds are the valid ranges (DECODING_RANGES). They bound callers only, not the policy's own
 * `decoding`.
 */
export const DecodingLimitsSchema = z.strictObject({
  /** Range a caller's temperature is clamped to. @default { min: 0, max: 2 } */
  temperature: rangeOf(Temperature).optional(),
  /** Range a caller's topP is clamped to. @default { max: 1 } */
  topP: rangeOf(TopP).optional(),
  /** Most stop sequences a caller may add to the route's own (the total stays at most 4). @default 4 */
  maxStop: z.number().int().min(0).max(DECODING_RANGES.stopCount).optional(),
  /** Whether a caller's seed passes. @default true */
  seed: z.boolean().optional(),
});

/** How the retry after a format failure differs from the failed attempt. */
export const AdjustedRetrySchema = z.strictObject({
  /** Temperature of the retry, 0..2 (0: the model's most likely answer). @default unchanged */
  temperature: Temperature.optional(),
  /** topP of the retry, (0, 1]. @default unchanged */
  topP: TopP.optional(),
  /**
   * Add a stricter format instruction to the retry (the answer must be one JSON value, with the schema when the
   * format has one). @default false
   */
  strictFormat: z.boolean().optional(),
  /**
   * Offer the format's JSON Schema as one forced tool and take its arguments as the answer, on models with the
   * `tools` capability, when the format has a schema and the request offers no tools of its own. @default false
   */
  schemaTool: z.boolean().optional(),
});

/** Whether a caller's decoding values pass: `ignore` drops them, `clamp` passes them within `decodingLimits`. */
export const CallerDecodingSchema = z.enum(['ignore', 'clamp']);

/** Call settings of a route and of `defaults` (route over defaults, key by key). */
export const CallSettingsShape = {
  /** JSON routes: repair an answer that does not parse (jsonrepair) before it counts as a format failure. @default true */
  repair: z.boolean().optional().meta({ default: true }),
  /** The retry after a format failure: lower temperature, a stricter format instruction. @default none */
  adjustedRetry: AdjustedRetrySchema.optional(),
  /** Decoding values for every attempt; over the model's `decoding`, which is over `defaults.decoding`. @default none */
  decoding: DecodingSchema.optional(),
  /** What happens to a caller's temperature, top_p, stop and seed. @default ignore */
  callerDecoding: CallerDecodingSchema.optional().meta({ default: 'ignore' }),
  /** Limits on a caller's values with `callerDecoding: clamp`. @default the valid ranges */
  decodingLimits: DecodingLimitsSchema.optional(),
};

/** A model's own decoding values: under the route's and over `defaults.decoding`. */
export const ModelDecodingShape = {
  /** Decoding values for this model's attempts, under the route's, key by key. @default none */
  decoding: DecodingSchema.optional(),
};

export { DECODING_RANGES } from './decoding-ranges.js';
/** Decoding values of a route, model, `defaults`, a caller or an attempt (`temperature`, `topP`, `stop`, `seed`). */
export type Decoding = z.output<typeof DecodingSchema>;
/** A route's limits on a caller's decoding values. */
export type DecodingLimits = z.output<typeof DecodingLimitsSchema>;
/** How the retry after a format failure is adjusted. */
export type AdjustedRetry = z.output<typeof AdjustedRetrySchema>;
/** `ignore` or `clamp`. */
export type CallerDecoding = z.output<typeof CallerDecodingSchema>;
