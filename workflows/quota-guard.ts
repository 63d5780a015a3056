import { ActivityFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import type { QuotaRef, SettleQuotaInput } from '../activities/quota.js';
import { budgetsFor, callScope } from '../src/policy/budget-scope.js';
import type { LadderStep } from '../src/policy/ladder.js';
import type { QuotaConfig } from '../src/policy/quota-schema.js';
import { targetMatches } from '../src/policy/quota-target.js';
import type { RouteRun } from './route-run.js';

/** Patch id of quota claims before each attempt (docs/budgets.md#quotas); asked only for policies with quotas. */
export const QUOTA_LEDGER_PATCH = 'quota-ledger';

const { claimQuota, settleQuota } = proxyActivities<SwitchyardActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '2s', maximumAttempts: 15 },
});

type CallStep = Extract<LadderStep, { kind: 'call' }>;

export type QuotaVerdict =
  | { granted: true; settle: SettleQuotaInput | null }
  | { granted: false; reason: string; onExceeded: QuotaConfig['onExceeded']; quota: QuotaConfig };

/**
 * Before a call step: joins the request to the population of every quota whose scope covers it (once per request,
 * in the background) and claims the quotas whose target the step calls (awaited). Returns what to settle after the
 * attempt (spend-measure quotas), or the refusal.
 */
export async function claimForStep(run: RouteRun, route: string, step: CallStep): Promise<QuotaVerdict> {
  const call = { model: step.candidate.model, provider: step.candidate.provider };
  const covering = budgetsFor(run.policy.quotas ?? [], callScope(route, call, run.callerName, run.request.metadata));
  if (covering.length === 0) return { granted: true, settle: null };
  const targets = covering.filter((quota) => targetMatches(quota.target, call));
  const joins = covering.filter(
    (quota) => !targetMatches(quota.target, call) && !run.quotaJoined.has(`${quota.name}:${quota.key}`),
  );
  for (const quota of covering) run.quotaJoined.add(`${quota.name}:${quota.key}`);
  const info = workflowInfo();
  const attemptId = `${run.workflowId}/${info.runId}/${run.attempts.length + 1}/${call.model}`;
  const claim = {
    requestId: `${run.workflowId}/${info.runId}`,
    attemptId,
    targets: targets.map(refOf),
    joins: joins.map(refOf),
    amountUsd: step.worstCaseUsd,
    ttlMs: Math.min(3_600_000, step.delayMs + step.timeouts.timeoutMs + 60_000),
  };
  const spend = covering.filter((quota) => quota.measure === 'spend');
  const settle =
    spend.length === 0
      ? null
      : {
          attemptId,
          actualUsd: 0,
          quotas: spend.map((quota) => ({ ...refOf(quota), target: targets.includes(quota) })),
        };
  if (targets.length === 0) {
    // Joining a population decides nothing for this attempt: it runs beside the model call.
    if (joins.length > 0) run.background(claimQuota(claim));
    return { granted: true, settle };
  }
  try {
    const result = await claimQuota(claim);
    if (result.granted) return { granted: true, settle };
    const quota = targets.find((item) => item.name === result.quota) ?? targets[0]!;
    return { granted: false, reason: result.reason, onExceeded: quota.onExceeded, quota };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    // Fail closed for the target: without the ledger's answer the quota is not taken.
    const reason = `quota ledger unavailable: ${(error.cause?.message ?? error.message).slice(0, 200)}`;
    return { granted: false, reason, onExceeded: targets[0]!.onExceeded, quota: targets[0]! };
  }
}

/** After the attempt: its actual cost goes to the spend-measure quotas (in the background). */
export function settleQuotas(run: RouteRun, settle: SettleQuotaInput | null, actualUsd: number): void {
  if (settle === null) return;
  run.background(settleQuota({ ...settle, actualUsd }));
}

function refOf(quota: QuotaConfig & { key: string }): QuotaRef {
  return {
    name: quota.name,
    period: quota.period,
    timezone: quota.timezone,
    measure: quota.measure,
    ...(quota.maxShare === undefined ? {} : { maxShare: quota.maxShare }),
    ...(quota.maxRequests === undefined ? {} : { maxRequests: quota.maxRequests }),
    ...(quota.key ? { key: quota.key } : {}),
  };
}
