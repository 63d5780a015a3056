import { ActivityFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { HeldReservation } from '../activities/budget.js';
import type { SwitchyardActivities } from '../activities/index.js';
import type { BudgetConfig } from '../src/policy/budget-schema.js';
import { budgetsFor, callScope } from '../src/policy/budget-scope.js';
import type { LadderStep } from '../src/policy/ladder.js';
import type { RouteRun } from './route-run.js';

/** Patch id of budget reservations around each attempt (docs/budgets.md); called only for policies with budgets. */
export const BUDGET_LEDGER_PATCH = 'budget-ledger';

/** Added to an attempt's own limit to make its reservation's time to live, ms. @default 60 s */
const RESERVATION_MARGIN_MS = 60_000;
/** Longest reservation, ms (the ledger's MAX_RESERVATION_TTL_MS). */
const MAX_TTL_MS = 3_600_000;

const { reserveBudget, releaseBudget } = proxyActivities<SwitchyardActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '2s', maximumAttempts: 15 },
});
const { commitBudget } = proxyActivities<SwitchyardActivities>({
  startToCloseTimeout: '10s',
  scheduleToCloseTimeout: '10m',
  retry: { initialInterval: '200ms', maximumInterval: '5s' },
});

export type BudgetVerdict =
  | { granted: true; held: HeldReservation[] }
  | { granted: false; reason: string; onExhausted: BudgetConfig['onExhausted']; spike?: boolean };

type CallStep = Extract<LadderStep, { kind: 'call' }>;

/**
 * Reserves a call step's worst case against every budget of the policy that covers it (all or nothing).
 * No applicable budget: granted with nothing held, no activity. With `mayStepDown`, a budget whose spend spikes
 * refuses with `spike: true` (the step should go a tier down).
 */
export async function reserveForStep(
  run: RouteRun,
  route: string,
  step: CallStep,
  mayStepDown = false,
): Promise<BudgetVerdict> {
  const budgets = budgetsFor(
    run.policy.budgets ?? [],
    callScope(route, step.candidate, run.callerName, run.request.metadata),
  );
  if (budgets.length === 0) return { granted: true, held: [] };
  const n = run.attempts.length + 1;
  const reservationId = `${run.workflowId}/${workflowInfo().runId}/${n}/${step.candidate.model}`;
  const ttlMs = Math.min(MAX_TTL_MS, step.delayMs + step.timeouts.timeoutMs + RESERVATION_MARGIN_MS);
  const refs = budgets.map(({ name, period, timezone, limitUsd, alertAt, alert, key, spike }) => ({
    name,
    period,
    timezone,
    limitUsd,
    alertAt,
    ...(alert ? { alert } : {}),
    ...(key ? { key } : {}),
    ...(spike ? { spike } : {}),
  }));
  const stepDown = mayStepDown && budgets.some((budget) => budget.spike) ? { mayStepDown: true } : {};
  try {
    const result = await reserveBudget({
      reservationId,
      amountUsd: step.worstCaseUsd,
      ttlMs,
      budgets: refs,
      ...stepDown,
    });
    if (result.granted) return { granted: true, held: result.held };
    const refused = budgets.find((budget) => budget.name === result.budget) ?? budgets[0]!;
    const spike = result.spike ? { spike: true } : {};
    return { granted: false, reason: result.reason, onExhausted: refused.onExhausted, ...spike };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    // Fail closed: without the ledger's answer nothing is spent.
    const reason = `budget ledger unavailable: ${(error.cause?.message ?? error.message).slice(0, 200)}`;
    return { granted: false, reason, onExhausted: budgets[0]!.onExhausted };
  }
}

/** Commits an attempt's actual cost to the ledgers it reserved on (the rest of each reservation is released). */
export async function commitReservations(held: HeldReservation[], actualUsd: number): Promise<void> {
  if (held.length === 0) return;
  await commitBudget({ held, actualUsd });
}

/** Releases reservations whose attempt was never made. */
export async function releaseReservations(held: HeldReservation[]): Promise<void> {
  if (held.length === 0) return;
  await releaseBudget({ held });
}
