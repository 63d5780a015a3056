import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { budgetPeriod, ledgerWorkflowId } from '../src/policy/budget-period.js';
import type { QuotaConfig } from '../src/policy/quota-schema.js';
import {
  type ClaimResult,
  claimUpdate,
  type QuotaLedgerInput,
  type QuotaStatus,
  settleUpdate,
} from '../workflows/quota-messages.js';
import { updateEntity } from './budget.js';
import type { ActivityDeps } from './deps.js';

/** The quota fields a claim needs (from the worker's policy, recorded in the routing history). */
export type QuotaRef = Pick<QuotaConfig, 'name' | 'period' | 'timezone' | 'measure' | 'maxShare' | 'maxRequests'> & {
  /** The caller or metadata value of a per-key scope. @default '' (the quota's one ledger) */
  key?: string;
};

export interface ClaimQuotaInput {
  /** The routing workflow id and run: a request joins each population once. */
  requestId: string;
  /** Unique per attempt and candidate; activity retries reuse it. */
  attemptId: string;
  /** The quotas whose target the attempt calls (claimed, all or nothing for spend reservations). */
  targets: QuotaRef[];
  /** The quotas whose scope covers the request but whose target the attempt does not call (joined only). */
  joins: QuotaRef[];
  amountUsd: number;
  ttlMs: number;
}

export type ClaimQuotaResult = { granted: true } | { granted: false; quota: string; reason: string };

export interface SettleQuotaInput {
  attemptId: string;
  actualUsd: number;
  /** Spend-measure quotas covering the attempt, with whether it called their target. */
  quotas: (QuotaRef & { target: boolean })[];
}

/** Workflow id and start input of a quota's ledger for the period `nowMs` falls in. */
function quotaEntity(quota: QuotaRef, taskQueue: string, nowMs: number) {
  const period = budgetPeriod(quota.period, quota.timezone, nowMs);
  const input: QuotaLedgerInput = {
    quota: quota.key ? `${quota.name}[${quota.key}]` : quota.name,
    periodKey: period.key,
    periodEndMs: period.endMs,
  };
  return {
    workflowType: 'quotaLedgerWorkflow',
    workflowId: ledgerWorkflowId(quota.name, period.key, quota.key, 'quota'),
    taskQueue,
    input,
  };
}

function limitsOf(quota: QuotaRef) {
  return {
    measure: quota.measure,
    ...(quota.maxShare === undefined ? {} : { maxShare: quota.maxShare }),
    ...(quota.maxRequests === undefined ? {} : { maxRequests: quota.maxRequests }),
  };
}

/** Quota ledgers (docs/budgets.md#quotas): claims before an attempt, spend settled after it. */
export function createQuotaActivities(_deps: ActivityDeps) {
  async function claim(client: Client, taskQueue: string, quota: QuotaRef, input: ClaimQuotaInput, target: boolean) {
    const args = [
      {
        requestId: input.requestId,
        attemptId: input.attemptId,
        target,
        amountUsd: target ? input.amountUsd : 0,
        ttlMs: input.ttlMs,
        limits: limitsOf(quota),
      },
    ];
    return updateEntity<ClaimResult>(client, quotaEntity(quota, taskQueue, Date.now()), claimUpdate, args);
  }

  /**
   * Joins the request to each covering quota's population and claims the target quotas. A refusal returns the
   * first quota that refused; spend reservations granted before it are released (settled at $0).
   */
  async function claimQuota(input: ClaimQuotaInput): Promise<ClaimQuotaResult> {
    const { client, info } = Context.current();
    await Promise.all(input.joins.map((quota) => claim(client, info.taskQueue, quota, input, false)));
    const granted: QuotaRef[] = [];
    for (const quota of input.targets) {
      const result = await claim(client, info.taskQueue, quota, input, true);
      if (!result.granted) {
        const reserved = granted.filter((item) => item.measure === 'spend').map((item) => ({ ...item, target: true }));
        await settle(client, info.taskQueue, { attemptId: input.attemptId, actualUsd: 0, quotas: reserved });
        return { granted: false, quota: quota.name, reason: result.reason ?? `quota ${quota.name} exceeded` };
      }
      granted.push(quota);
    }
    return { granted: true };
  }

  async function settle(client: Client, taskQueue: string, input: SettleQuotaInput): Promise<void> {
    const nowMs = Date.now();
    await Promise.all(
      input.quotas.map((quota) =>
        updateEntity<QuotaStatus>(client, quotaEntity(quota, taskQueue, nowMs), settleUpdate, [
          { attemptId: input.attemptId, actualUsd: input.actualUsd, target: quota.target },
        ]),
      ),
    );
  }

  /** Adds an attempt's actual cost to its spend-measure quotas (idempotent by attempt id). */
  async function settleQuota(input: SettleQuotaInput): Promise<void> {
    const { client, info } = Context.current();
    await settle(client, info.taskQueue, input);
  }

  return { claimQuota, settleQuota };
}
