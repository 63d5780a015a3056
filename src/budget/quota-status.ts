import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { type QuotaStatus, quotaStatusQuery } from '../../workflows/quota-messages.js';
import { budgetPeriod } from '../policy/budget-period.js';
import { scopeLabel } from '../policy/budget-scope.js';
import { type QuotaConfig, targetLabel } from '../policy/quota-schema.js';
import { ledgersOf } from './keyed-ledgers.js';

/** One quota (one key of a per-key scope) in its current period, as `quota status --json` prints it. */
export interface QuotaStatusRow {
  name: string;
  /** Caller or metadata value of a per-key scope; null for a quota with one ledger. */
  key: string | null;
  scope: string;
  target: string;
  /** requests | spend */
  measure: string;
  maxShare: number | null;
  maxRequests: number | null;
  period: string;
  periodKey: string;
  /** First instant after the period, ISO 8601 UTC. */
  periodEnd: string;
  totalRequests: number;
  targetRequests: number;
  /** The target's share by the quota's measure so far, 0..1. */
  share: number;
  totalUsd: number;
  targetUsd: number;
  /** Claims refused this period (requests sent a tier down or otherwise handled). */
  refused: number;
  /** Why the ledger did not answer; absent when it did. */
  error?: string;
  ledger: string;
}

/** Longest wait for one ledger's answer, ms (a ledger whose workers are gone never answers). */
const QUERY_TIMEOUT_MS = 3000;

/** Every quota of a policy in its current period, asked in parallel; a ledger that does not answer is an error row. */
export async function quotaStatus(
  client: Client,
  quotas: readonly QuotaConfig[],
  nowMs = Date.now(),
): Promise<QuotaStatusRow[]> {
  const rows = await Promise.all(
    quotas.map(async (quota) => {
      const period = budgetPeriod(quota.period, quota.timezone, nowMs);
      const base = {
        name: quota.name,
        scope: scopeLabel(quota.scope),
        target: targetLabel(quota.target),
        measure: quota.measure,
        maxShare: quota.maxShare ?? null,
        maxRequests: quota.maxRequests ?? null,
        period: quota.period,
        periodKey: period.key,
        periodEnd: new Date(period.endMs).toISOString(),
      };
      const empty = { totalRequests: 0, targetRequests: 0, share: 0, totalUsd: 0, targetUsd: 0, refused: 0 };
      const ledgers = await ledgersOf(client, quota, 'quota', nowMs).catch(() => []);
      if (ledgers.length === 0)
        return [{ ...base, key: null, ...empty, ledger: `quota-${quota.name}:*/${period.key}` }];
      return Promise.all(
        ledgers.map(async (ledger): Promise<QuotaStatusRow> => {
          const row = { ...base, key: ledger.key, ledger: ledger.workflowId };
          let status: QuotaStatus;
          try {
            status = await client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
              client.workflow.getHandle(ledger.workflowId).query(quotaStatusQuery),
            );
          } catch (error) {
            if (error instanceof WorkflowNotFoundError) return { ...row, ...empty };
            return { ...row, ...empty, error: `ledger query failed: ${(error as Error).message}` };
          }
          const share = quota.measure === 'spend' ? status.spendShare : status.requestShare;
          const { totalRequests, targetRequests, totalUsd, targetUsd, refused } = status;
          return { ...row, totalRequests, targetRequests, share, totalUsd, targetUsd, refused };
        }),
      );
    }),
  );
  return rows.flat();
}

/** Table cells of a quota row: name, target, scope, share / max, requests, refused, period end (or the error). */
export function quotaCells(row: QuotaStatusRow): string[] {
  const name = row.key === null ? row.name : `${row.name}[${row.key}]`;
  const max = [
    row.maxShare === null ? null : `${(row.maxShare * 100).toFixed(1)}%`,
    row.maxRequests === null ? null : `${row.maxRequests} req`,
  ]
    .filter((item) => item !== null)
    .join(', ');
  if (row.error) return [name, row.target, row.scope, `error: ${row.error}`, '', '', row.periodEnd];
  return [
    name,
    row.target,
    row.scope,
    `${(row.share * 100).toFixed(1)}% (${row.measure}) / ${max}`,
    `${row.targetRequests}/${row.totalRequests}`,
    String(row.refused),
    row.periodEnd,
  ];
}

export const QUOTA_HEAD = ['quota', 'target', 'scope', 'share / max', 'target/total req', 'refused', 'period end'];
