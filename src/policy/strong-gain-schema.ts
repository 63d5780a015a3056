import { z } from 'zod';
import { Name, Probability } from './schema-primitives.js';

/**
 * A route's strong-gain tier (docs/router.md): the strong model goes first when the request's `strongGain` (from the
 * router named in `classifier.router`) passes the threshold, else the route's own order stands (cheap first, the
 * strong model where its fallbacks list it).
 */
export const StrongGainTierSchema = z
  .strictObject({
    /** The strong model. */
    model: Name,
    /** Strong first when `strongGain ≥ threshold` (−1..1; `router calibrate` picks one for a target share). */
    threshold: z.number().min(-1).max(1).optional(),
    /**
     * Strong first for this share of requests: when the request's score ranks in the top `targetStrongShare` of the
     * router's training prompts. Used when `threshold` is absent.
     */
    targetStrongShare: Probability.optional(),
    /**
     * Scores this close to the cut are unsure: the policy's `defaults.bias` decides (`quality`: strong first,
     * `cost`: cheap first). In strongGain units for `threshold`, in rank units for `targetStrongShare`. @default 0.02
     */
    unsureMargin: z.number().min(0).max(1).default(0.02),
  })
  .refine((tier) => tier.threshold !== undefined || tier.targetStrongShare !== undefined, {
    message: 'name threshold or targetStrongShare',
    path: ['threshold'],
  });

export type StrongGainTier = z.output<typeof StrongGainTierSchema>;
