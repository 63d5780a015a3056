import type { SeededRandom } from './seeded-random.js';

/** A p50/p95 pair describing a log-normal latency distribution, ms. */
export interface LatencyDistribution {
  /** Median, ms. */
  p50: number;
  /** 95th percentile, ms (>= p50). */
  p95: number;
}

/**
 * A simulated model for demos and benchmarks, selected by model name (matched before the built-in
 * behaviours). All randomness comes from the server's seeded source, so runs repeat.
 */
export interface FakeModelProfile {
  /** Total time from request to the last byte, ms. */
  latencyMs: LatencyDistribution;
  /** Time to first token, ms. @default 30% of the sampled total latency */
  firstTokenMs?: LatencyDistribution;
  /** Fraction of requests answered 503 (0..1). @default 0 */
  errorRate?: number;
  /** Fraction of requests stopped by the content filter (0..1). @default 0 */
  contentFilterRate?: number;
}

export type ProfileOutcome = 'ok' | 'overloaded' | 'content-filter';

export interface ProfileDecision {
  outcome: ProfileOutcome;
  /** Sampled total latency, ms. */
  totalMs: number;
  /** Sampled time to first token, ms (<= totalMs). */
  firstTokenMs: number;
}

/** Draws one request's fate from a profile. Always consumes the same number of random values. */
export function decideProfile(profile: FakeModelProfile, random: SeededRandom): ProfileDecision {
  const roll = random.next();
  const totalMs = Math.round(random.logNormal(profile.latencyMs.p50, profile.latencyMs.p95));
  const sampledFirst = profile.firstTokenMs
    ? random.logNormal(profile.firstTokenMs.p50, profile.firstTokenMs.p95)
    : totalMs * 0.3;
  const firstTokenMs = Math.round(Math.min(sampledFirst, totalMs));
  const errorRate = profile.errorRate ?? 0;
  const filterRate = profile.contentFilterRate ?? 0;
  const outcome: ProfileOutcome =
    roll < errorRate ? 'overloaded' : roll < errorRate + filterRate ? 'content-filter' : 'ok';
  return { outcome, totalMs, firstTokenMs };
}

/** Throws an Error naming the first invalid field of a profile. */
export function validateProfile(name: string, profile: FakeModelProfile): void {
  const check = (ok: boolean, field: string, rule: string): void => {
    if (!ok) throw new Error(`Fake provider profile '${name}': ${field} ${rule}`);
  };
  const checkDistribution = (distribution: LatencyDistribution | undefined, field: string): void => {
    if (distribution === undefined) return;
    check(Number.isFinite(distribution.p50) && distribution.p50 >= 0, `${field}.p50`, 'must be a number >= 0');
    check(Number.isFinite(distribution.p95) && distribution.p95 >= distribution.p50, `${field}.p95`, 'must be >= p50');
  };
  check(profile.latencyMs !== undefined, 'latencyMs', 'is required');
  checkDistribution(profile.latencyMs, 'latencyMs');
  checkDistribution(profile.firstTokenMs, 'firstTokenMs');
  const errorRate = profile.errorRate ?? 0;
  const filterRate = profile.contentFilterRate ?? 0;
  check(errorRate >= 0 && errorRate <= 1, 'errorRate', 'must be within 0..1');
  check(filterRate >= 0 && filterRate <= 1, 'contentFilterRate', 'must be within 0..1');
  check(errorRate + filterRate <= 1, 'errorRate + contentFilterRate', 'must not exceed 1');
}
