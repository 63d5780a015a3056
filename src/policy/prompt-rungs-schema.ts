import { DegradeSchema } from './degrade-schema.js';
import { FitPromptSchema } from './fit-prompt-schema.js';

/**
 * The ladder rungs a route and `defaults` share (issue 18): fitting the prompt to a model and how to degrade. A
 * route's value replaces the defaults' as a whole. Optional, so policies without them parse and hash as before.
 */
export const PromptRungsShape = {
  /**
   * Shrink the request instead of skipping a model whose context window is too small (docs/failover.md#fit-the-prompt).
   * @default none
   */
  fitPrompt: FitPromptSchema.optional().meta({ default: 'none' }),
  /** What the request gets when the ladder ends without an answer (docs/failover.md#degrade-modes). @default message */
  degrade: DegradeSchema.optional(),
};
