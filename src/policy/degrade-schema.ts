import { z } from 'zod';
import { DEFAULT_DEGRADE_MAX_OUTPUT_TOKENS } from './degrade-defaults.js';
import { Name } from './schema-primitives.js';

/**
 * What a request gets when the ladder ends in `degrade` (docs/failover.md#degrade-modes): `message`, the static
 * degrade message; `reduced-scope`, a cheaper task (`instruction`) on `model`; `partial`, the best validated part
 * of an answer a failed attempt produced, marked partial. Both fall back to the message.
 */
export const DEGRADE_MODES = ['message', 'reduced-scope', 'partial'] as const;
export type DegradeMode = (typeof DEGRADE_MODES)[number];

/** `degrade` on a route or in `defaults`; the route's replaces the defaults' as a whole. */
export const DegradeSchema = z
  .strictObject({
    /** @default message */
    mode: z.enum(DEGRADE_MODES).default('message'),
    /** `reduced-scope`: the model that runs the reduced task (privacy, region, cost cap and deadline apply). */
    model: Name.optional(),
    /** `reduced-scope`: the system prompt of the reduced task. @default DEFAULT_DEGRADE_INSTRUCTION (degrade-defaults.ts) */
    instruction: z.string().min(1).max(4000).optional(),
    /** `reduced-scope`: output cap of the reduced task, tokens (at most the route's). @default 256 */
    maxOutputTokens: z.number().int().positive().optional().meta({ default: DEFAULT_DEGRADE_MAX_OUTPUT_TOKENS }),
  })
  .superRefine((degrade, context) => {
    if (degrade.mode === 'reduced-scope' && degrade.model === undefined)
      context.addIssue({ code: 'custom', path: ['model'], message: 'reduced-scope needs a model', input: undefined });
  });

export type DegradeConfig = z.output<typeof DegradeSchema>;
