import type { Client } from '@temporalio/client';
import { readBudgetStatus } from '../budget/budget-status.js';
import { budgetPeriod } from '../policy/budget-period.js';
import type { BudgetConfig } from '../policy/budget-schema.js';

/** One budget's current period in `switchyard report`: spend against its cap, or why the ledger did not say. */
export interface BudgetCapRow {
  name: string;
  /** hour | day | month */
  period: string;
  /** First instant after the current period, ISO 8601 UTC. */
  periodEnd: string;
  /** Committed spend this period, USD; null when the ledger query failed. */
  spentUsd: number | null;
  /** Reserved by attempts in flight, USD; null when the ledger query failed. */
  reservedUsd: number | null;
  /** The cap, USD (the policy's when the ledger did not answer). */
  limitUsd: number;
  /** Why the ledger query failed; absent when it answered. */
  error?: string;
}

/** Longest wait for one ledger's answer, ms: a ledger whose workers are gone never answers. */
const LEDGER_TIMEOUT_MS = 3000;

/**
 * Each budget's spend against its cap in the current period, asked of the ledgers in parallel (each within
 * LEDGER_TIMEOUT_MS). A failed query becomes a row with `error`; it never fails the report.
 */
export async function budgetCaps(
  client: Client,
  budgets: readonly BudgetConfig[],
  nowMs = Date.now(),
): Promise<BudgetCapRow[]> {
  const rows = await Promise.all(
    budgets.map((budget) =>
      readBudgetStatus(client, budget, { nowMs, timeoutMs: LEDGER_TIMEOUT_MS }).then(
        (statuses): BudgetCapRow[] =>
          statuses.map((status) => ({
            name: status.key === null ? status.name : `${status.name}[${status.key}]`,
            period: status.period,
            periodEnd: status.periodEnd,
            spentUsd: status.spentUsd,
            reservedUsd: status.reservedUsd,
            limitUsd: status.limitUsd,
          })),
        (error: unknown): BudgetCapRow[] => [
          {
            name: budget.name,
            period: budget.period,
            periodEnd: new Date(budgetPeriod(budget.period, budget.timezone, nowMs).endMs).toISOString(),
            spentUsd: null,
            reservedUsd: null,
            limitUsd: budget.limitUsd,
            error: `ledger query failed: ${error instanceof Error ? error.message : String(error)}`,
          },
        ],
      ),
    ),
  );
  return rows.flat();
}
