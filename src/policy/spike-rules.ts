/** Spike throttling as pure functions over per-minute spend buckets (no clock: callers pass `nowMs`). */

const MINUTE_MS = 60_000;
/** Buckets older than this are dropped (the longest window), minutes. */
export const SPIKE_MEMORY_MINUTES = 60;

/** Committed spend per minute: minute index (epoch ms / 60 000, as text) → micro-dollars. */
export type SpendBuckets = Record<string, number>;

/** Adds spend to the bucket of `nowMs` and drops buckets older than SPIKE_MEMORY_MINUTES (mutates). */
export function recordSpend(buckets: SpendBuckets, nowMs: number, micros: number): void {
  const minute = Math.floor(nowMs / MINUTE_MS);
  if (micros > 0) buckets[minute] = (buckets[minute] ?? 0) + micros;
  for (const key of Object.keys(buckets)) if (Number(key) <= minute - SPIKE_MEMORY_MINUTES) delete buckets[key];
}

/** Spend committed in the last `windowMinutes` whole minutes including the current one, micro-dollars. */
export function windowSpend(buckets: SpendBuckets, nowMs: number, windowMinutes: number): number {
  const first = Math.floor(nowMs / MINUTE_MS) - windowMinutes + 1;
  let sum = 0;
  for (const [key, micros] of Object.entries(buckets)) if (Number(key) >= first) sum += micros;
  return sum;
}

/**
 * Most spend a window may hold before it counts as a spike, USD: `factor` × the pro-rata pace of the period
 * (limit × window / period length).
 */
export function spikeThresholdUsd(
  limitUsd: number,
  periodMs: number,
  spike: { windowMinutes: number; factor: number },
): number {
  return (spike.factor * limitUsd * spike.windowMinutes * MINUTE_MS) / Math.max(periodMs, MINUTE_MS);
}
