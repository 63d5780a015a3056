import { z } from 'zod';

/** Longest time an answer may stay cached, seconds (30 days). */
export const MAX_CACHE_TTL_SECONDS = 30 * 24 * 3600;

/** Entries the embedded store keeps per route when the route names no `maxEntries`. @default 1000 */
export const DEFAULT_CACHE_MAX_ENTRIES = 1000;

/**
 * A route's answer cache (docs/router.md, "Answer cache"): answers to `public` requests are kept for `ttlSeconds`
 * and served again, at no cost, to the same request (normalised) on the same route under the same policy version
 * and hash. Internal and restricted requests are never cached.
 */
export const RouteCacheSchema = z.strictObject({
  /** How long an answer is served from the cache, seconds (1 s … 30 days). */
  ttlSeconds: z.number().int().positive().max(MAX_CACHE_TTL_SECONDS),
  /** Most answers the worker's embedded store keeps for this route; the least recently used go first. @default 1000 */
  maxEntries: z.number().int().positive().max(1_000_000).optional().meta({ default: DEFAULT_CACHE_MAX_ENTRIES }),
});

export type RouteCache = z.output<typeof RouteCacheSchema>;
