import type { Command } from '@commander-js/extra-typings';
import { WorkflowNotFoundError } from '@temporalio/client';
import { type LedgerStatus, ledgerStatusQuery } from '../../../workflows/budget-messages.js';
import { budgetPeriod, ledgerWorkflowId } from '../../policy/budget-period.js';
import type { BudgetConfig } from '../../policy/budget-schema.js';
import { scopeLabel } from '../../policy/budget-scope.js';
import { loadPolicy, withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';

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
  spentUsd: number;
  reservedUsd: number;
  limitUsd: number;
  /** Open reservations (attempts in flight). */
  openReservations: number;
  /** Alert thresholds already sent this period. */
  alertsSent: number[];
  /** The ledger workflow id. */
  ledger: string;
}

/** Reads every budget of a policy in its current period from its ledger (a ledger not started yet: nothing spent). */
export async function budgetStatus(
  client: Awaited<ReturnType<typeof connectClient>>,
  budgets: readonly BudgetConfig[],
  nowMs = Date.now(),
): Promise<BudgetStatusRow[]> {
  return Promise.all(
    budgets.map(async (budget) => {
      const period = budgetPeriod(budget.period, budget.timezone, nowMs);
      const ledger = ledgerWorkflowId(budget.name, period.key);
      let status: LedgerStatus | null = null;
      try {
        status = await client.workflow.getHandle(ledger).query(ledgerStatusQuery);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
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
      };
    }),
  );
}

/** `switchyard budget status [--json]`: spend, reserved and limit of each budget in its current period. */
export function registerBudgetCommand(program: Command): void {
  const budget = program.command('budget').description('spend budgets across requests (docs/budgets.md)');
  withTemporalOptions(
    budget
      .command('status')
      .description('each budget of the policy in its current period: spent, reserved, limit, period end')
      .option('--policy <file>', 'policy file (default: SWITCHYARD_POLICY, else the one `switchyard dev` runs)')
      .option('--json', 'print a JSON array, one object per budget and period'),
  ).action(async (options) => {
    const { policy } = loadPolicy(options.policy);
    const client = await connectClient(resolveTemporalTarget(options));
    try {
      const rows = await budgetStatus(client, policy.budgets ?? []);
      if (options.json) {
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      if (rows.length === 0) {
        console.log(`policy ${policy.version} has no budgets`);
        return;
      }
      const { default: Table } = await import('cli-table3');
      const table = new Table({
        head: ['budget', 'scope', 'period', 'spent $', 'reserved $', 'limit $', 'used', 'period end'],
      });
      for (const row of rows) {
        const used = row.limitUsd > 0 ? `${((row.spentUsd / row.limitUsd) * 100).toFixed(1)}%` : '-';
        table.push([
          row.name,
          row.scope,
          `${row.period} ${row.periodKey}`,
          row.spentUsd.toFixed(6),
          row.reservedUsd.toFixed(6),
          String(row.limitUsd),
          used,
          row.periodEnd,
        ]);
      }
      console.log(table.toString());
    } finally {
      await client.connection.close();
    }
  });
}
