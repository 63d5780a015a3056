import { z } from 'zod';
import { Name, PositiveMs } from './schema-primitives.js';

/** When a route hedges: only unsure requests (see `hedgeDecision`), or every request. */
export const HEDGE_WHEN = ['uncertain', 'always'] as const;

/**
 * A route's hedged call (docs/failover.md#hedged-calls): when the first attempt has not answered after `afterMs`,
 * a second model starts beside it; the first valid answer wins and the other call is cancelled. Both legs are
 * admitted by budgets and quotas, counted, and recorded as attempts. Optional keys, so policies without them hash
 * as before.
 */
export const HedgeSchema = z.strictObject({
  /** Time the first attempt gets alone before the hedge leg starts, ms. */
  afterMs: PositiveMs,
  /** The hedge leg's model (a candidate of the route after the first). @default the next candidate */
  model: Name.optional(),
  /**
   * `uncertain`: only when the classification or the strong-gain tier is unsure; `always`: every request.
   * @default uncertain
   */
  when: z.enum(HEDGE_WHEN).optional().meta({ default: 'uncertain' }),
});

export type HedgeConfig = z.output<typeof HedgeSchema>;
