import type { Policy } from '../policy/schema.js';
import type { RouteResult } from '../policy/types.js';

/** A way a request can move from one provider to another. */
export interface ProviderPair {
  from: string;
  to: string;
}

/** How a provider-to-provider fallback path fared in a report window. */
export interface FailoverReadinessRow extends ProviderPair {
  /** Times a failed attempt on `from` was followed by a fallback attempt on `to`. */
  exercised: number;
  /** Of those, fallback attempts that succeeded. */
  succeeded: number;
  /** succeeded / exercised, 0..1; null when never exercised. */
  successRate: number | null;
  /** ISO close time of the latest request that exercised the path; null when never exercised (or unknown). */
  lastExercisedAt: string | null;
  /** True when the policy's routes declare the path (a candidate followed by one on another provider). */
  declared: boolean;
}

export interface FailoverReadinessOptions {
  /** Paths the active policy declares (declaredFailoverPairs); those never taken get a row too. @default none */
  declared?: readonly ProviderPair[];
  /** ISO close time of a result's workflow (from visibility). @default unknown */
  closedAtOf?: (result: RouteResult) => string | undefined;
}

/**
 * Paths the policy declares: for every route, each candidate (primary, then fallbacks) to each later candidate on
 * another provider (a later one, not only the next, because candidates can be skipped). Sorted, distinct. Pure.
 */
export function declaredFailoverPairs(policy: Pick<Policy, 'routes' | 'models'>): ProviderPair[] {
  const pairs = new Map<string, ProviderPair>();
  for (const route of policy.routes) {
    const providers = [route.primary, ...route.fallbacks].map((model) => policy.models[model]?.provider);
    providers.forEach((from, index) => {
      for (const to of providers.slice(index + 1)) {
        if (from !== undefined && to !== undefined && from !== to) pairs.set(pairKey({ from, to }), { from, to });
      }
    });
  }
  return [...pairs.values()].sort(comparePairs);
}

/**
 * Failover readiness per provider pair: each time a request's failed attempt on one provider was followed by a
 * fallback attempt on another, counted with whether that fallback attempt succeeded and when the request closed.
 * Fallbacks within one provider are not pairs; classifier calls are ignored. Declared pairs never taken get a row
 * with `exercised: 0`. Sorted by from, then to. Pure.
 */
export function computeFailoverReadiness(
  results: readonly RouteResult[],
  options: FailoverReadinessOptions = {},
): FailoverReadinessRow[] {
  const rows = new Map<string, FailoverReadinessRow>();
  const rowOf = (pair: ProviderPair) => {
    const key = pairKey(pair);
    let row = rows.get(key);
    if (!row) {
      row = { ...pair, exercised: 0, succeeded: 0, successRate: null, lastExercisedAt: null, declared: false };
      rows.set(key, row);
    }
    return row;
  };
  for (const pair of options.declared ?? []) rowOf(pair).declared = true;
  for (const result of results) {
    const attempts = result.attempts.filter((attempt) => attempt.role !== 'classify');
    const closedAt = options.closedAtOf?.(result) ?? null;
    attempts.forEach((attempt, index) => {
      const previous = attempts[index - 1];
      if (attempt.role !== 'fallback' || !previous || previous.ok || previous.provider === attempt.provider) return;
      const row = rowOf({ from: previous.provider, to: attempt.provider });
      row.exercised += 1;
      if (attempt.ok) row.succeeded += 1;
      if (closedAt !== null && (row.lastExercisedAt === null || closedAt > row.lastExercisedAt)) {
        row.lastExercisedAt = closedAt;
      }
    });
  }
  return [...rows.values()]
    .map((row) => ({ ...row, successRate: row.exercised === 0 ? null : row.succeeded / row.exercised }))
    .sort(comparePairs);
}

const pairKey = (pair: ProviderPair) => `${pair.from}\u0000${pair.to}`;
const comparePairs = (a: ProviderPair, b: ProviderPair) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to);
