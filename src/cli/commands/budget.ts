import type { Command } from '@commander-js/extra-typings';
import { budgetStatus } from '../../budget/budget-status.js';
import { QUOTA_HEAD, quotaCells, quotaStatus } from '../../budget/quota-status.js';
import { loadPolicy, withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';

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
          row.key === null ? row.name : `${row.name}[${row.key}]`,
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

/** `switchyard quota status [--json]`: each quota's share of its scope in the current period. */
export function registerQuotaCommand(program: Command): void {
  const quota = program
    .command('quota')
    .description('shares of requests or spend per model/provider (docs/budgets.md)');
  withTemporalOptions(
    quota
      .command('status')
      .description('each quota of the policy in its current period: share taken, limit, refusals')
      .option('--policy <file>', 'policy file (default: SWITCHYARD_POLICY, else the one `switchyard dev` runs)')
      .option('--json', 'print a JSON array, one object per quota (and per key) and period'),
  ).action(async (options) => {
    const { policy } = loadPolicy(options.policy);
    const client = await connectClient(resolveTemporalTarget(options));
    try {
      const rows = await quotaStatus(client, policy.quotas ?? []);
      if (options.json) console.log(JSON.stringify(rows, null, 2));
      else if (rows.length === 0) console.log(`policy ${policy.version} has no quotas`);
      else {
        const { default: Table } = await import('cli-table3');
        const table = new Table({ head: QUOTA_HEAD });
        for (const row of rows) table.push(quotaCells(row));
        console.log(table.toString());
      }
    } finally {
      await client.connection.close();
    }
  });
}
