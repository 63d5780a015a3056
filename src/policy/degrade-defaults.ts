/** Defaults of `degrade` (degrade-schema.ts), in a module without zod so workflow code may import them. */

/** The reduced-scope task when the policy names none. */
export const DEFAULT_DEGRADE_INSTRUCTION =
  'Summarise the request in two or three sentences and acknowledge it; say that a full answer will follow. ' +
  'Do not attempt the full task.';

/** Output cap of a reduced-scope attempt when the policy names none, tokens. @default 256 */
export const DEFAULT_DEGRADE_MAX_OUTPUT_TOKENS = 256;
