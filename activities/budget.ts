import { Context } from '@temporalio/activity';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import { budgetAlerts, budgetReserved, budgetSpent } from '../src/metrics/budget-metrics.js';
import { budgetPeriod, ledgerWorkflowId } from '../src/policy/budget-period.js';
import type { BudgetConfig } from '../src/policy/budget-schema.js';
import { spikeThresholdUsd } from '../src/policy/spike-rules.js';
import {
  commitUpdate,
  type LedgerInput,
  type LedgerStatus,
  type ReserveResult,
  releaseUpdate,
  reserveUpdate,
} from '../workflows/budget-messages.js';
import type { ActivityDeps } from './deps.js';
import { postWebhook, webhookHeaders } from './signed-webhook.js';

/** The budget fields a reservation needs (from the worker's policy, recorded in the routing history). */
export type BudgetRef = Pick<BudgetConfig, 'name' | 'period' | 'timezone' | 'limitUsd' | 'alertAt' | 'alert'> & {
  /** The caller or metadata value of a per-key scope (its own ledger). @default '' (the budget's one ledger) */
  key?: string;
  /** Spike throttling of this budget. @default off */
  spike?: BudgetConfig['spike'];
};

export interface ReserveBudgetInput {
  /** Unique per attempt and candidate (workflow id, run, attempt number, model): retries reuse it. */
  reservationId: string;
  amountUsd: number;
  ttlMs: number;
  budgets: BudgetRef[];
  /** The attempt may step down a tier when a budget's spend spikes (non-critical route, cheaper candidate left). */
  mayStepDown?: boolean;
}

/** A granted reservation, to commit or release later. */
export interface HeldReservation {
  ledgerId: string;
  reservationId: string;
}

export type ReserveBudgetResult =
  | { granted: true; held: HeldReservation[] }
  | { granted: false; budget: string; reason: string; held: []; spike?: boolean };

/**
 * Most updates this process sends to one ledger at once. The server refuses more than
 * `limit.workflowExecutionMaxInFlightUpdates` (default 10) in flight per workflow with RESOURCE_EXHAUSTED, which the
 * client retries after a second or more; queueing here instead keeps a hot ledger moving. @default 8
 */
export const LEDGER_UPDATES_IN_FLIGHT = 8;

const lanes = new Map<string, { active: number; waiting: (() => void)[] }>();

/** Runs `work` when fewer than LEDGER_UPDATES_IN_FLIGHT updates of this process are in flight to `ledgerId`. */
export async function inLedgerLane<T>(ledgerId: string, work: () => Promise<T>): Promise<T> {
  let lane = lanes.get(ledgerId);
  if (!lane) {
    lane = { active: 0, waiting: [] };
    lanes.set(ledgerId, lane);
  }
  const current = lane;
  if (current.active >= LEDGER_UPDATES_IN_FLIGHT) await new Promise<void>((resolve) => current.waiting.push(resolve));
  else current.active += 1;
  try {
    return await work();
  } finally {
    const next = current.waiting.shift();
    if (next) next();
    else {
      current.active -= 1;
      if (current.active === 0) lanes.delete(ledgerId);
    }
  }
}

/** Starts (if needed) and updates a ledger entity workflow (budget or quota), within this process's lane. */
export async function updateEntity<Ret>(
  client: Client,
  entity: { workflowType: string; workflowId: string; taskQueue: string; input: unknown },
  update: Parameters<Client['workflow']['executeUpdateWithStart']>[0],
  args: unknown[],
): Promise<Ret> {
  const startWorkflowOperation = new WithStartWorkflowOperation(entity.workflowType, {
    workflowId: entity.workflowId,
    taskQueue: entity.taskQueue,
    args: [entity.input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return (await inLedgerLane(entity.workflowId, () =>
    client.workflow.executeUpdateWithStart(update, { args, startWorkflowOperation }),
  )) as Ret;
}

/** Starts (if needed) and updates a budget's ledger for the period `nowMs` falls in. */
export async function updateLedger<Ret, Args extends unknown[]>(
  client: Client,
  taskQueue: string,
  budget: BudgetRef,
  update: Parameters<Client['workflow']['executeUpdateWithStart']>[0],
  args: Args,
  nowMs: number,
): Promise<Ret> {
  const period = budgetPeriod(budget.period, budget.timezone, nowMs);
  const ledgerId = ledgerWorkflowId(budget.name, period.key, budget.key);
  const input: LedgerInput = {
    budget: budget.key ? `${budget.name}[${budget.key}]` : budget.name,
    periodKey: period.key,
    periodEndMs: period.endMs,
    limitUsd: budget.limitUsd,
    alertAt: budget.alertAt,
    alert: budget.alert ?? null,
  };
  return updateEntity<Ret>(
    client,
    { workflowType: 'budgetLedgerWorkflow', workflowId: ledgerId, taskQueue, input },
    update,
    args,
  );
}

/**
 * Reserves an attempt's worst case against every budget that applies, all or nothing: when one refuses, the ones
 * granted are released. Idempotent: a retry with the same reservation id is answered as the first call was.
 */
export function createBudgetActivities(_deps: ActivityDeps) {
  async function reserveBudget(input: ReserveBudgetInput): Promise<ReserveBudgetResult> {
    const { client, info } = Context.current();
    const nowMs = Date.now();
    const held: HeldReservation[] = [];
    for (const budget of input.budgets) {
      const period = budgetPeriod(budget.period, budget.timezone, nowMs);
      const ledgerId = ledgerWorkflowId(budget.name, period.key, budget.key);
      const spike =
        input.mayStepDown && budget.spike
          ? {
              windowMinutes: budget.spike.windowMinutes,
              maxWindowUsd: spikeThresholdUsd(budget.limitUsd, period.endMs - period.startMs, budget.spike),
            }
          : undefined;
      const result = await updateLedger<ReserveResult, unknown[]>(
        client,
        info.taskQueue,
        budget,
        reserveUpdate,
        [
          {
            reservationId: input.reservationId,
            amountUsd: input.amountUsd,
            ttlMs: input.ttlMs,
            limitUsd: budget.limitUsd,
            ...(spike ? { spike } : {}),
          },
        ],
        nowMs,
      );
      budgetSpent.set({ budget: budget.name, period: ledgerId }, result.spentUsd);
      budgetReserved.set({ budget: budget.name, period: ledgerId }, result.reservedUsd);
      if (!result.granted) {
        await Promise.all(held.map((item) => release(client, item)));
        return {
          granted: false,
          budget: budget.name,
          reason: result.reason ?? `budget ${budget.name} exhausted`,
          held: [],
          ...(result.spike ? { spike: true } : {}),
        };
      }
      held.push({ ledgerId, reservationId: input.reservationId });
    }
    return { granted: true, held };
  }

  /** Commits an attempt's actual cost to every ledger it reserved on (idempotent by reservation id). */
  async function commitBudget(input: { held: HeldReservation[]; actualUsd: number }): Promise<void> {
    const { client } = Context.current();
    await Promise.all(
      input.held.map(async (item) => {
        const status = await inLedgerLane(item.ledgerId, () =>
          client.workflow
            .getHandle(item.ledgerId)
            .executeUpdate(commitUpdate, { args: [{ reservationId: item.reservationId, actualUsd: input.actualUsd }] }),
        );
        budgetSpent.set({ budget: status.budget, period: item.ledgerId }, status.spentUsd);
        budgetReserved.set({ budget: status.budget, period: item.ledgerId }, status.reservedUsd);
      }),
    );
  }

  /** Releases reservations without spending. */
  async function releaseBudget(input: { held: HeldReservation[] }): Promise<void> {
    const { client } = Context.current();
    await Promise.all(input.held.map((item) => release(client, item)));
  }

  return { reserveBudget, commitBudget, releaseBudget, sendBudgetAlert: createSendBudgetAlert(_deps) };
}

async function release(client: Client, item: HeldReservation): Promise<LedgerStatus> {
  return inLedgerLane(item.ledgerId, () =>
    client.workflow
      .getHandle(item.ledgerId)
      .executeUpdate(releaseUpdate, { args: [{ reservationId: item.reservationId }] }),
  );
}

export interface BudgetAlertInput {
  budget: string;
  periodKey: string;
  /** Fraction of the limit crossed. */
  threshold: number;
  spentUsd: number;
  limitUsd: number;
  webhook: string | null;
  signingSecretEnv: string | null;
}

/** Per-attempt limit of the alert webhook call, ms. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Delivers one budget alert (decided once by the ledger): a log line always, the
 * `switchyard_budget_alerts_total` counter, and a signed webhook POST when configured (as the review webhook).
 */
function createSendBudgetAlert(deps: ActivityDeps) {
  const env = deps.env ?? process.env;
  return async function sendBudgetAlert(input: BudgetAlertInput): Promise<{ status: number | null }> {
    const context = Context.current();
    const threshold = String(input.threshold);
    if (context.info.attempt === 1) {
      context.log.warn(
        `budget ${input.budget} (${input.periodKey}) reached ${Math.round(input.threshold * 100)}%: spent $${input.spentUsd} of $${input.limitUsd}`,
        { budget: input.budget, periodKey: input.periodKey, threshold: input.threshold },
      );
      budgetAlerts.inc({ budget: input.budget, threshold });
    }
    if (!input.webhook) return { status: null };
    const body = JSON.stringify({
      event: 'budget.threshold',
      budget: input.budget,
      period: input.periodKey,
      threshold: input.threshold,
      spentUsd: input.spentUsd,
      limitUsd: input.limitUsd,
    });
    const headers = webhookHeaders(body, 'switchyard-budget-alert', input.signingSecretEnv, env);
    const signal = AbortSignal.any([context.cancellationSignal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]);
    return { status: await postWebhook(input.webhook, body, headers, signal) };
  };
}
