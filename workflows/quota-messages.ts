import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { QuotaCounts, QuotaLimits } from '../src/policy/quota-rules.js';
import type { ReservationBook } from './ledger-loop.js';

/** How a quota's ledger is started (and continued as new). */
export interface QuotaLedgerInput {
  /** Quota name, with `[key]` for one caller or value of a per-key scope. */
  quota: string;
  /** Period label in the quota's time zone (budget-period.ts). */
  periodKey: string;
  /** First instant after the period, epoch ms. */
  periodEndMs: number;
  /** Carried across continue-as-new. @default fresh ledger */
  state?: QuotaState;
}

/** What a quota ledger holds (amounts in micro-dollars; target reservations in `reservations`). */
export interface QuotaState extends ReservationBook {
  counts: QuotaCounts;
  /** Requests counted recently → whether they called the target and when, epoch ms (kept 1 h: repeats are no-ops). */
  members: Record<string, { target: boolean; atMs: number }>;
  /** Claims refused this period. */
  refused: number;
}

export interface ClaimInput {
  /** The routing workflow's id and run: a request counts once in the population. */
  requestId: string;
  /** Unique per attempt (retries of the activity reuse it). */
  attemptId: string;
  /** The attempt calls the target (needs the quota); else it only joins the population. */
  target: boolean;
  /** Worst case of the attempt, USD (`measure: spend`, target only). */
  amountUsd: number;
  /** After this long an unsettled target reservation is released, ms. */
  ttlMs: number;
  /** The worker policy's current limits. */
  limits: QuotaLimits;
}

export interface ClaimResult {
  granted: boolean;
  /** Why refused; null when granted. */
  reason: string | null;
  counts: QuotaCounts;
}

export interface SettleInput {
  attemptId: string;
  /** Actual cost of the attempt, USD. */
  actualUsd: number;
  target: boolean;
}

export interface QuotaStatus {
  quota: string;
  periodKey: string;
  periodEndMs: number;
  totalRequests: number;
  targetRequests: number;
  totalUsd: number;
  targetUsd: number;
  /** Target share by the quota's measure so far, 0..1 (0 before any request). */
  requestShare: number;
  spendShare: number;
  refused: number;
}

/** Join the population and, for a target attempt, claim the quota. Idempotent by request and attempt id. */
export const claimUpdate = defineUpdate<ClaimResult, [ClaimInput]>('claim');
/** Add an attempt's actual cost (spend measure); a target attempt's reservation is released. Idempotent by id. */
export const settleUpdate = defineUpdate<QuotaStatus, [SettleInput]>('settle');
export const quotaStatusQuery = defineQuery<QuotaStatus>('quotaStatus');
