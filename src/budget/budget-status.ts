import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { type LedgerStatus, ledgerStatusQuery } from '../../workflows/budget-messages.js';
import { budgetPeriod } from '../policy/budget-period.js';
import type { BudgetConfig } from '../policy/budget-schema.js';
import { scopeLabel } from '../policy/budget-scope.js';
import { ledgersOf } from './keyed-ledgers.js';

/** One budget in its current period, as `budget status --json` prints it. */
export interface BudgetStatusRow {
  name: string;
  scope: string;
  /** hour | day | month */
  period: string;
  /** Period label in the budget's time zone, e.g. `2026-12-06`. */
  periodKey: string;
  timezone: string;
  /** First instant after the period, ISO 8601 UTC. */
  periodEnd: string;
  /** Committed spend this period, USD. */
  spentUsd: number;
  /** Reserved by attempts in flight, USD. */
  reservedUsd: number;
  /** The ledger's limit (the policy's when the ledger has not started), USD. */
  limitUsd: number;
  /** Open reservations (attempts in flight). */
  openReservations: number;
  /** Alert thresholds already sent this period. */
  alertsSent: number[];
  /** The ledger workflow id. */
  ledger: string;
  /** The caller or metadata value of a per-key scope (`{caller: '*'}`); null for a budget with one ledger. */
  key: string | null;
}

export interface BudgetStatusOptions {
  /** Reference time for the current period, epoch ms. @default Date.now() */
  nowMs?: number;
  /** Longest wait for the ledger's answer, ms (a ledger whose workers are gone never answers). @default no limit */
  timeoutMs?: number;
}

/**
 * Reads one budget in its current period from its ledger workflows (one, or one per key of a per-key scope; a
 * ledger not started yet: nothing spent). Throws when a query fails (no worker answered, connection lost, deadline).
 */
export async function readBudgetStatus(
  client: Client,
  budget: BudgetConfig,
  options: BudgetStatusOptions = {},
): Promise<BudgetStatusRow[]> {
  const nowMs = options.nowMs ?? Date.now();
  const ledgers = await ledgersOf(client, budget, 'budget', nowMs);
  const period = budgetPeriod(budget.period, budget.timezone, nowMs);
  if (ledgers.length === 0) return [row(budget, null, period, null, `budget-${budget.name}:*/${period.key}`)];
  return Promise.all(
    ledgers.map(async (ledger) => {
      const query = () => client.workflow.getHandle(ledger.workflowId).query(ledgerStatusQuery);
      let status: LedgerStatus | null = null;
      try {
        status =
          options.timeoutMs === undefined
            ? await query()
            : await client.withDeadline(Date.now() + options.timeoutMs, query);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      return row(budget, ledger.key, period, status, ledger.workflowId);
    }),
  );
}

function row(
  budget: BudgetConfig,
  key: string | null,
  period: { key: string; endMs: number },
  status: LedgerStatus | null,
  ledger: string,
): BudgetStatusRow {
  return {
    name: budget.name,
    scope: scopeLabel(budget.scope),
    period: budget.period,
    periodKey: period.key,
    timezone: budget.timezone,
    periodEnd: new Date(period.endMs).toISOString(),
    spentUsd: status?.spentUsd ?? 0,
    reservedUsd: status?.reservedUsd ?? 0,
    limitUsd: status?.limitUsd ?? budget.limitUsd,
    openReservations: status?.openReservations ?? 0,
    alertsSent: status?.alertsSent ?? [],
    ledger,
    key,
  };
}

/** Reads every budget of a policy in its current period, in parallel; rejects when any ledger query fails. */
export async function budgetStatus(
  client: Client,
  budgets: readonly BudgetConfig[],
  options: BudgetStatusOptions = {},
): Promise<BudgetStatusRow[]> {
  return (await Promise.all(budgets.map((budget) => readBudgetStatus(client, budget, options)))).flat();
}
