/** The ledger's decisions as pure functions: exact sums, no clock, no I/O. */

/** Amounts are kept in whole micro-dollars inside the ledger so sums are exact. */
export const MICROS_PER_USD = 1_000_000;

/** USD → micro-dollars, rounded up (a reservation never covers less than asked). */
export function toMicros(usd: number): number {
  return Math.ceil(Math.round(usd * MICROS_PER_USD * 1000) / 1000);
}

export function toUsd(micros: number): number {
  return micros / MICROS_PER_USD;
}

export interface GrantInput {
  spentMicros: number;
  reservedMicros: number;
  amountMicros: number;
  limitMicros: number;
}

/** Granted only if spent + reserved + amount ≤ limit. */
export function grantReservation(input: GrantInput): boolean {
  return input.spentMicros + input.reservedMicros + input.amountMicros <= input.limitMicros;
}

/** The trail reason of a refusal, e.g. `budget daily-total exhausted: spent $4.98 + reserved $0.01 + attempt $0.05 > $5`. */
export function refusalReason(name: string, input: GrantInput): string {
  const usd = (micros: number) => `$${formatUsd(toUsd(micros))}`;
  return (
    `budget ${name} exhausted: spent ${usd(input.spentMicros)} + reserved ${usd(input.reservedMicros)} + ` +
    `attempt ${usd(input.amountMicros)} > ${usd(input.limitMicros)}`
  );
}

/** Shortest exact-enough USD text: up to 6 decimals, trailing zeros dropped. */
export function formatUsd(usd: number): string {
  return usd.toFixed(6).replace(/\.?0+$/, '') || '0';
}

/**
 * Thresholds (fractions of the limit) that committed spend has reached and that were not alerted yet, ascending.
 * Each threshold is alerted once per budget and period: the ledger records it before sending.
 */
export function alertsDue(
  spentMicros: number,
  limitMicros: number,
  alertAt: readonly number[],
  sent: readonly number[],
): number[] {
  const done = new Set(sent);
  return [...new Set(alertAt)]
    .filter((fraction) => !done.has(fraction) && spentMicros >= Math.round(fraction * limitMicros))
    .sort((a, b) => a - b);
}
