import { z } from 'zod';
import { oneOrMany, Risk } from './schema-primitives.js';

/**
 * How a route shrinks a request that does not fit a model (docs/failover.md#fit-the-prompt): `none` skips the
 * model (as before); `drop-oldest` leaves out the oldest turns; `truncate-middle` cuts the middle out of the longest
 * messages with a marker; `summarize` replaces the older turns by a cheap model's summary (drop-oldest when that
 * fails). System turns and the latest user turn are always kept whole, except by `truncate-middle`.
 */
export const FIT_PROMPT_STRATEGIES = ['none', 'drop-oldest', 'truncate-middle', 'summarize'] as const;
export const FitPromptStrategySchema = z.enum(FIT_PROMPT_STRATEGIES);

/** Fewest input tokens `maxInputTokens` may ask for: below it a prompt keeps too little to answer. @default 64 */
export const MIN_FIT_INPUT_TOKENS = 64;

/**
 * `fitPrompt` on a route or in `defaults`: a strategy name, or an object that also prunes requests to save cost
 * (`maxInputTokens`) and limits the whole rule to some requests (`when`).
 */
export const FitPromptSchema = z.union(
  [
    FitPromptStrategySchema,
    z.strictObject({
      strategy: FitPromptStrategySchema,
      /**
       * Prune every attempt's prompt to at most this many input tokens (our estimate), whatever the model's window:
       * cost pruning, e.g. for low-risk intents. @default none (shrink only to fit a context window)
       */
      maxInputTokens: z.number().int().min(MIN_FIT_INPUT_TOKENS).optional(),
      /** The rule applies only to requests whose classification matches (all conditions). @default every request */
      when: z
        .strictObject({
          /** Risk of the classified intent. */
          risk: oneOrMany(Risk).optional(),
          /** Classified intent names. */
          intent: oneOrMany(z.string().min(1)).optional(),
        })
        .optional(),
    }),
  ],
  {
    error:
      'a strategy (none, drop-oldest, truncate-middle, summarize) or { strategy, maxInputTokens (at least 64), when }',
  },
);

export type FitPromptConfig = z.output<typeof FitPromptSchema>;
export type FitPromptStrategy = z.output<typeof FitPromptStrategySchema>;
