import { z } from 'zod';
import { MAX_REVIEW_DEADLINE_MS } from './check-policy-safety.js';
import { Duration, Probability } from './schema-primitives.js';

/**
 * Sampled answer quality (docs/review.md#grading): a share of a route's answered requests goes to a grading queue,
 * where a reviewer scores the answer 0..1. Grading never holds the answer up; `switchyard report` shows the mean
 * score per route and policy version with its sample size and flags routes below `floor`. Optional keys, so
 * policies without them hash as before.
 */
export const QualitySchema = z.strictObject({
  /** Share of answered requests sent for grading, percent (0..100; by a hash of the workflow id). @default 0 */
  samplePercent: z.number().min(0).max(100).optional(),
  /** Mean grade below which `switchyard report` flags the route, 0..1. @default none */
  floor: Probability.optional(),
  /** How long a sampled answer waits for its grade (e.g. `7d`). @default the policy's `review.deadline` */
  gradeDeadline: Duration.pipe(
    z.number().positive().max(MAX_REVIEW_DEADLINE_MS, `at most 365 days (${MAX_REVIEW_DEADLINE_MS} ms)`),
  ).optional(),
});

export type QualityConfig = z.output<typeof QualitySchema>;

/** `quality` for a route (merged key by key over `defaults.quality`), and `qualityFloor`, an alias of `quality.floor`. */
export const RouteQualityShape = {
  quality: QualitySchema.optional(),
  /** Alias of `quality.floor` (the spelling); `quality.floor` wins when both are set. @default none */
  qualityFloor: Probability.optional(),
};

/** `defaults.quality`: what every route without its own `quality` keys gets. */
export const DefaultsQualityShape = { quality: QualitySchema.optional() };
