import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import { alertsDue, grantReservation, refusalReason, toMicros, toUsd } from '../src/policy/budget-rules.js';
import {
  commitUpdate,
  type LedgerInput,
  type LedgerState,
  type LedgerStatus,
  ledgerStatusQuery,
  releaseUpdate,
  reserveUpdate,
} from './budget-messages.js';

/**
 * Continue as new after this many updates even if the server does not suggest it; below the server's
 * `limit.workflowExecutionMaxTotalUpdates` (default 2000 per run). @default 1000
 */
export const LEDGER_UPDATES_PER_RUN = 1000;
/** How long a settled reservation id is remembered to make repeated commits no-ops, ms. @default 1 h */
export const SETTLED_MEMORY_MS = 3_600_000;
/** The ledger closes this long after its period ended, once nothing is reserved, ms. @default 1 h */
export const CLOSE_AFTER_END_MS = 3_600_000;
/** Longest reservation TTL accepted, ms. @default 1 h */
export const MAX_RESERVATION_TTL_MS = 3_600_000;
const MAX_ID_LENGTH = 400;

const { sendBudgetAlert } = proxyActivities<SwitchyardActivities>({
  startToCloseTimeout: '15s',
  retry: { maximumAttempts: 20, initialInterval: '1s', maximumInterval: '60s' },
});

/**
 * One budget's spend for one period (workflow id `budget-<name>/<period-key>`): an entity workflow every worker
 * shares. Reserve / commit / release are Updates whose handlers do not await, so each runs whole before the next:
 * the grant check `spent + reserved + amount ≤ limit` is exact under any concurrency. Uncommitted reservations
 * expire after their TTL (a timer here); alerts are decided here once per threshold and sent by an activity.
 */
export async function budgetLedgerWorkflow(input: LedgerInput): Promise<LedgerStatus> {
  const state: LedgerState = input.state ?? {
    spentMicros: 0,
    reservations: {},
    settled: {},
    alertsSent: [],
    expired: 0,
  };
  let limitMicros = toMicros(input.limitUsd);
  let updates = 0;
  let pendingAlerts = 0;
  const reservedMicros = () => Object.values(state.reservations).reduce((sum, item) => sum + item.amountMicros, 0);
  const status = (): LedgerStatus => ({
    budget: input.budget,
    periodKey: input.periodKey,
    periodEndMs: input.periodEndMs,
    spentUsd: toUsd(state.spentMicros),
    reservedUsd: toUsd(reservedMicros()),
    limitUsd: toUsd(limitMicros),
    openReservations: Object.keys(state.reservations).length,
    expiredReservations: state.expired,
    alertsSent: [...state.alertsSent],
  });
  const settle = (id: string) => {
    delete state.reservations[id];
    state.settled[id] = Date.now();
  };
  const checkAlerts = () => {
    for (const threshold of alertsDue(state.spentMicros, limitMicros, input.alertAt, state.alertsSent)) {
      state.alertsSent.push(threshold); // recorded before sending: never twice, even across continue-as-new
      pendingAlerts += 1;
      void sendBudgetAlert({
        budget: input.budget,
        periodKey: input.periodKey,
        threshold,
        spentUsd: toUsd(state.spentMicros),
        limitUsd: toUsd(limitMicros),
        webhook: input.alert?.webhook ?? null,
        signingSecretEnv: input.alert?.signingSecretEnv ?? null,
      })
        .catch(() => undefined) // the alert is recorded; a webhook down for good does not stop the ledger
        .finally(() => {
          pendingAlerts -= 1;
        });
    }
  };
  const validId = (id: unknown) => {
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH)
      throw new Error('invalid reservationId');
  };
  const validUsd = (value: unknown, what: string) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e9)
      throw new Error(`invalid ${what}`);
  };

  setHandler(
    reserveUpdate,
    (request) => {
      updates += 1;
      const current = state.reservations[request.reservationId];
      const grant = {
        spentMicros: state.spentMicros,
        reservedMicros: reservedMicros() - (current?.amountMicros ?? 0),
        amountMicros: toMicros(request.amountUsd),
        limitMicros: request.limitUsd === undefined ? limitMicros : toMicros(request.limitUsd),
      };
      limitMicros = grant.limitMicros;
      const result = (granted: boolean, reason: string | null) => ({
        granted,
        spentUsd: toUsd(state.spentMicros),
        reservedUsd: toUsd(reservedMicros()),
        limitUsd: toUsd(limitMicros),
        reason,
      });
      // A repeated reserve (activity retry) answers as the first did; a settled id stays settled.
      if (current || request.reservationId in state.settled) return result(true, null);
      if (!grantReservation(grant)) return result(false, refusalReason(input.budget, grant));
      state.reservations[request.reservationId] = {
        amountMicros: grant.amountMicros,
        expiresAtMs: Date.now() + request.ttlMs,
      };
      return result(true, null);
    },
    {
      validator: (request) => {
        validId(request?.reservationId);
        validUsd(request.amountUsd, 'amountUsd');
        if (request.limitUsd !== undefined) validUsd(request.limitUsd, 'limitUsd');
        if (!Number.isInteger(request.ttlMs) || request.ttlMs <= 0 || request.ttlMs > MAX_RESERVATION_TTL_MS)
          throw new Error(`ttlMs must be an integer in 1..${MAX_RESERVATION_TTL_MS}`);
      },
    },
  );
  setHandler(
    commitUpdate,
    (request) => {
      updates += 1;
      if (!(request.reservationId in state.settled)) {
        state.spentMicros += toMicros(request.actualUsd);
        settle(request.reservationId);
        checkAlerts();
      }
      return status();
    },
    {
      validator: (request) => {
        validId(request?.reservationId);
        validUsd(request.actualUsd, 'actualUsd');
      },
    },
  );
  setHandler(
    releaseUpdate,
    (request) => {
      updates += 1;
      if (request.reservationId in state.reservations) settle(request.reservationId);
      return status();
    },
    { validator: (request) => validId(request?.reservationId) },
  );
  setHandler(ledgerStatusQuery, status);

  for (;;) {
    const now = Date.now();
    for (const [id, reservation] of Object.entries(state.reservations)) {
      if (reservation.expiresAtMs <= now) {
        settle(id);
        state.expired += 1;
      }
    }
    for (const [id, at] of Object.entries(state.settled)) if (now - at > SETTLED_MEMORY_MS) delete state.settled[id];
    const open = Object.keys(state.reservations).length;
    if (open === 0 && now >= input.periodEndMs + CLOSE_AFTER_END_MS && pendingAlerts === 0) {
      await condition(allHandlersFinished);
      return status();
    }
    if (updates >= LEDGER_UPDATES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(() => pendingAlerts === 0 && allHandlersFinished());
      return await continueAsNew<typeof budgetLedgerWorkflow>({ ...input, limitUsd: toUsd(limitMicros), state });
    }
    const nextExpiry = Math.min(
      ...Object.values(state.reservations).map((item) => item.expiresAtMs),
      open === 0 ? input.periodEndMs + CLOSE_AFTER_END_MS : Number.POSITIVE_INFINITY,
    );
    const seenOpen = open;
    await condition(
      () =>
        updates >= LEDGER_UPDATES_PER_RUN ||
        workflowInfo().continueAsNewSuggested ||
        (seenOpen === 0 && Object.keys(state.reservations).length > 0),
      Math.max(1, nextExpiry - now),
    );
  }
}
