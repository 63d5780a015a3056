/** A quota ledger's decisions as pure functions: integer sums, no clock, no I/O. */

/** Shares are compared in parts per million so the check is exact in integers. */
const PPM = 1_000_000;

/** What a quota ledger counts in one period (amounts in micro-dollars). */
export interface QuotaCounts {
  /** Requests of the scope that made a call this period. */
  totalRequests: number;
  /** Of those, requests that called the target. */
  targetRequests: number;
  /** Committed spend of the scope, plus open target reservations. */
  totalMicros: number;
  /** Committed target spend, plus open target reservations. */
  targetMicros: number;
}

/** The limits a claim is checked against (from the worker's current policy). */
export interface QuotaLimits {
  measure: 'requests' | 'spend';
  maxShare?: number | undefined;
  maxRequests?: number | undefined;
}

/**
 * Whether one more request (`measure: requests`, counted already in `totalRequests`) or one more target attempt of
 * `amountMicros` (`measure: spend`) stays within the quota. Null when it does, else why not.
 */
export function quotaRefusal(counts: QuotaCounts, limits: QuotaLimits, amountMicros: number): string | null {
  if (limits.maxRequests !== undefined && counts.targetRequests + 1 > limits.maxRequests)
    return `${counts.targetRequests} requests this period, max ${limits.maxRequests}`;
  if (limits.maxShare === undefined) return null;
  const sharePpm = Math.round(limits.maxShare * PPM);
  if (limits.measure === 'requests') {
    if ((counts.targetRequests + 1) * PPM <= sharePpm * counts.totalRequests) return null;
    return `${counts.targetRequests} of ${counts.totalRequests} requests (${percent(counts.targetRequests, counts.totalRequests)}), max ${percent(sharePpm, PPM)}`;
  }
  // (target + amount) / (total + amount) ≤ share, in integers: no rounding lets a share slip.
  if ((counts.targetMicros + amountMicros) * PPM <= sharePpm * (counts.totalMicros + amountMicros)) return null;
  return `$${usd(counts.targetMicros)} of $${usd(counts.totalMicros)} spend (${percent(counts.targetMicros, counts.totalMicros)}) + attempt $${usd(amountMicros)}, max ${percent(sharePpm, PPM)}`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0 %' : `${((part / whole) * 100).toFixed(1).replace(/\.0$/, '')} %`;
}

function usd(micros: number): string {
  return (micros / 1_000_000).toFixed(6).replace(/\.?0+$/, '') || '0';
}
