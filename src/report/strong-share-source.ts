import type { Policy } from '../policy/schema.js';
import { routerScorer } from '../router/router-loader.js';
import type { ThresholdShare } from './strong-share.js';

/**
 * What a threshold aims at: the share of the policy's router training prompts scoring at or above it (from the
 * ranks stored in `router.json`). Reads the router only when a route's tier names a threshold; null when there is no
 * router or it cannot be read (the report then shows no target for such tiers).
 */
export function routerThresholdShare(policy: Pick<Policy, 'routes' | 'classifier'> | null): ThresholdShare {
  const path = policy?.classifier.router;
  if (!path || !policy.routes.some((route) => route.strongGain?.threshold !== undefined)) return () => null;
  try {
    const scorer = routerScorer(path);
    return (threshold) => 1 - scorer.rank(threshold);
  } catch {
    return () => null;
  }
}
