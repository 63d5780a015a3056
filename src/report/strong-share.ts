import type { Policy } from '../policy/schema.js';
import type { RouteResult } from '../policy/types.js';

/**
 * Drift of the strong-gain tiers (docs/router.md#calibration-and-drift): for every route of the active policy with a
 * `strongGain` tier, the share of its requests in the window whose plan put the strong model first, against the
 * share the tier aims at. Pure.
 */

export interface StrongShareRow {
  route: string;
  /**
   * Strong-first share the tier aims at, 0..1: its `targetStrongShare`, else the share of the router's training
   * prompts scoring at or above its `threshold` (null when the router could not be read).
   */
  target: number | null;
  /** The tier's strongGain threshold; null when it names a target share instead. */
  threshold: number | null;
  /** Share of the route's requests planned strong first, 0..1; null without requests. */
  realised: number | null;
  /** The route's finished requests in the window whose plan is known. */
  requests: number;
  /** realised − target; null when either is unknown. */
  drift: number | null;
}

/** Share of the router's training prompts at or above a threshold (1 − rank), or null when unknown. */
export type ThresholdShare = (threshold: number) => number | null;

/** One row per route with a strong-gain tier, in policy order. */
export function computeStrongShare(
  results: readonly RouteResult[],
  policy: Pick<Policy, 'routes'> | null,
  thresholdShare: ThresholdShare = () => null,
): StrongShareRow[] {
  return (policy?.routes ?? []).flatMap((route) => {
    const tier = route.strongGain;
    if (!tier) return [];
    const plans = results
      .filter((result) => result.route === route.name)
      .map((result) => strongFirstPlan(result, tier.model))
      .filter((plan) => plan !== null);
    const threshold = tier.threshold ?? null;
    const target = threshold === null ? (tier.targetStrongShare ?? null) : thresholdShare(threshold);
    const realised = plans.length === 0 ? null : plans.filter(Boolean).length / plans.length;
    return [
      {
        route: route.name,
        target,
        threshold,
        realised,
        requests: plans.length,
        drift: realised === null || target === null ? null : realised - target,
      },
    ];
  });
}

/**
 * Whether a request's plan put `strongModel` first: read from the route step's reason (`… strong first` /
 * `cheap first`, written by the tier), else from the first attempt's model. Null when neither tells.
 */
export function strongFirstPlan(result: Pick<RouteResult, 'trail' | 'attempts'>, strongModel: string): boolean | null {
  for (const entry of result.trail) {
    if (entry.step !== 'route') continue;
    // The tier appends `…: <model> first` or `cheap first` to the route reason (src/policy/strong-gain-route.ts).
    const side = [...entry.reason.matchAll(TIER_SIDE)].at(-1)?.[1];
    if (side === 'cheap') return false;
    if (side === strongModel) return true;
  }
  const first = result.attempts[0];
  return first ? first.model === strongModel : null;
}

const TIER_SIDE = /(\S+) first(?=;|$)/g;
