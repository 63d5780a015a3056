import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** How a budget's ledger is started (and continued as new): the budget, its period, and the state carried. */
export interface LedgerInput {
  budget: string;
  /** Period label in the budget's time zone (budget-period.ts). */
  periodKey: string;
  /** First instant after the period, epoch ms. */
  periodEndMs: number;
  limitUsd: number;
  /** Alert thresholds, fractions of the limit. */
  alertAt: number[];
  /** Webhook for alerts. */
  alert?: { webhook?: string; signingSecretEnv?: string } | null;
  /** Carried across continue-as-new. @default fresh ledger */
  state?: LedgerState;
}

/** What a ledger holds, in whole micro-dollars so sums are exact. */
export interface LedgerState {
  spentMicros: number;
  /** Open reservations by id. */
  reservations: Record<string, { amountMicros: number; expiresAtMs: number }>;
  /** Recently committed or released reservation ids → when, epoch ms: a repeated commit is a no-op. */
  settled: Record<string, number>;
  /** Thresholds already alerted this period. */
  alertsSent: number[];
  /** Reservations that expired uncommitted (a terminated or crashed request), count. */
  expired: number;
  /** Committed spend per minute over the last hour, for spike throttling (spike-rules.ts). @default {} */
  recent?: Record<string, number>;
}

export interface ReserveInput {
  reservationId: string;
  amountUsd: number;
  /** After this long an uncommitted reservation is released, ms. */
  ttlMs: number;
  /** The worker policy's current limit (a changed policy applies from the next reservation). @default the start's */
  limitUsd?: number;
  /**
   * Refuse with `spike: true` when committed spend in the last `windowMinutes` exceeds `maxWindowUsd` (sent only for
   * attempts that may step down a tier: non-critical routes with a cheaper candidate left). @default no check
   */
  spike?: { windowMinutes: number; maxWindowUsd: number };
}

export interface ReserveResult {
  granted: boolean;
  spentUsd: number;
  reservedUsd: number;
  limitUsd: number;
  /** Why refused; null when granted. */
  reason: string | null;
  /** Refused because spend is spiking (the attempt should step down a tier), not because the limit is reached. */
  spike?: boolean;
}

export interface CommitInput {
  reservationId: string;
  /** Actual cost of the attempt, USD (added to spent; the reservation is released). */
  actualUsd: number;
}

export interface LedgerStatus {
  budget: string;
  periodKey: string;
  periodEndMs: number;
  spentUsd: number;
  reservedUsd: number;
  limitUsd: number;
  openReservations: number;
  expiredReservations: number;
  alertsSent: number[];
}

/** Reserve an attempt's worst case; granted only if spent + reserved + amount ≤ limit. Idempotent by id. */
export const reserveUpdate = defineUpdate<ReserveResult, [ReserveInput]>('reserve');
/** Add the actual cost and release the reservation. Idempotent by id. */
export const commitUpdate = defineUpdate<LedgerStatus, [CommitInput]>('commit');
/** Release a reservation without spending (another budget refused, or the attempt never ran). */
export const releaseUpdate = defineUpdate<LedgerStatus, [{ reservationId: string }]>('release');
export const ledgerStatusQuery = defineQuery<LedgerStatus>('ledgerStatus');
