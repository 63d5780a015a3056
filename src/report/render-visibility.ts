import Table from 'cli-table3';
import { QUOTA_HEAD, quotaCells } from '../budget/quota-status.js';
import type { BudgetCapRow } from './budget-caps.js';
import type { FailoverReadinessRow } from './failover-readiness.js';
import type { LiveReport } from './live-report.js';
import type { ProviderConcentrationRow } from './provider-concentration.js';

/**
 * Terminal tables of the report's visibility sections: provider concentration, failover readiness per provider
 * pair, spend against budget caps. Formatting shared with the HTML page (html-visibility.ts).
 */

const percent = (value: number) => `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`;
const usd = (value: number) => `$${value.toFixed(6)}`;

/** The cells of one failover row: from, to, exercised, succeeded, success, last exercised. */
export function failoverCells(row: FailoverReadinessRow): string[] {
  if (row.exercised === 0) return [row.from, row.to, '0', '0', '-', 'never exercised'];
  const rate = row.successRate === null ? '-' : percent(row.successRate);
  return [row.from, row.to, String(row.exercised), String(row.succeeded), rate, row.lastExercisedAt ?? 'unknown'];
}

/** The cells of one budget row: name, period, spent, reserved, limit, used, period end (or the error). */
export function budgetCells(row: BudgetCapRow): string[] {
  const head = [row.name, row.period];
  if (row.error !== undefined || row.spentUsd === null || row.reservedUsd === null) {
    return [...head, '-', '-', usd(row.limitUsd), '-', `error: ${row.error ?? 'no answer'}`];
  }
  const used = row.limitUsd > 0 ? percent(row.spentUsd / row.limitUsd) : '-';
  return [...head, usd(row.spentUsd), usd(row.reservedUsd), usd(row.limitUsd), used, row.periodEnd];
}

export const PROVIDER_HEAD = ['provider', 'attempts', 'share', 'answered', 'share', 'spend', 'share'];
export const FAILOVER_HEAD = ['from', 'to', 'exercised', 'succeeded', 'success', 'last exercised'];
export const BUDGET_HEAD = ['budget', 'period', 'spent', 'reserved', 'limit', 'used', 'period end'];

/** The cells of one provider row. */
export function providerCells(row: ProviderConcentrationRow): string[] {
  return [
    row.provider,
    String(row.attempts),
    percent(row.attemptShare),
    String(row.answered),
    percent(row.answeredShare),
    usd(row.spendUsd),
    percent(row.spendShare),
  ];
}

function table(head: string[], rows: string[][]): string {
  const output = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) output.push(row);
  return output.toString();
}

export function renderProviderConcentration(rows: readonly ProviderConcentrationRow[]): string {
  return rows.length === 0 ? '(no attempts)' : table(PROVIDER_HEAD, rows.map(providerCells));
}

export function renderFailoverReadiness(rows: readonly FailoverReadinessRow[]): string {
  return rows.length === 0
    ? '(no cross-provider fallback taken or declared)'
    : table(FAILOVER_HEAD, rows.map(failoverCells));
}

export function renderBudgetCaps(rows: readonly BudgetCapRow[]): string {
  return rows.length === 0 ? '(no budgets in the policy)' : table(BUDGET_HEAD, rows.map(budgetCells));
}

/** The three sections with their headings, for the terminal report. */
export function renderVisibilitySections(report: LiveReport): string {
  const policy = report.activePolicyVersion;
  const declared = policy === null ? 'no policy found: pass --policy' : `declared paths from policy ${policy}`;
  return [
    'provider concentration',
    renderProviderConcentration(report.providerConcentration),
    '',
    `failover readiness (${declared})`,
    renderFailoverReadiness(report.failoverReadiness),
    '',
    'spend against budgets',
    policy === null ? '(no policy found: pass --policy)' : renderBudgetCaps(report.budgets),
    '',
    'quota shares',
    report.quotas.length === 0 ? '(no quotas in the policy)' : table(QUOTA_HEAD, report.quotas.map(quotaCells)),
  ].join('\n');
}
