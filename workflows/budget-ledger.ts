import { continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import { alertsDue, formatUsd, grantReservation, refusalReason, toMicros, toUsd } from '../src/policy/budget-rules.js';
import { recordSpend, windowSpend } from '../src/policy/spike-rules.js';
import {
  commitUpdate,
  type LedgerInput,
  type LedgerState,
  type LedgerStatus,
  ledgerStatusQuery,
  releaseUpdate,
  reserveUpdate,
} from './budget-messages.js';
import { assertReservationId, assertTtl, assertUsd, runLedgerLoop } from './ledger-loop.js';

export { LEDGER_UPDATES_PER_RUN, MAX_RESERVATION_TTL_MS, SETTLED_MEMORY_MS } from './ledger-loop.js';

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
  const validId = assertReservationId;
  const validUsd = assertUsd;

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
      if (request.spike) {
        const recent = windowSpend(state.recent ?? {}, Date.now(), request.spike.windowMinutes);
        if (recent > toMicros(request.spike.maxWindowUsd)) {
          const reason =
            `budget ${input.budget} spend spike: $${formatUsd(toUsd(recent))} in the last ` +
            `${request.spike.windowMinutes} min > $${formatUsd(request.spike.maxWindowUsd)}; stepping down a tier`;
          return { ...result(false, reason), spike: true };
        }
      }
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
        if (request.spike !== undefined) {
          validUsd(request.spike?.maxWindowUsd, 'spike.maxWindowUsd');
          const minutes = request.spike.windowMinutes;
          if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) throw new Error('invalid spike.windowMinutes');
        }
        assertTtl(request.ttlMs);
      },
    },
  );
  setHandler(
    commitUpdate,
    (request) => {
      updates += 1;
      if (!(request.reservationId in state.settled)) {
        const micros = toMicros(request.actualUsd);
        state.spentMicros += micros;
        state.recent ??= {};
        recordSpend(state.recent, Date.now(), micros);
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

  return await runLedgerLoop({
    book: state,
    periodEndMs: input.periodEndMs,
    updates: () => updates,
    idle: () => pendingAlerts === 0,
    expire: (id) => {
      settle(id);
      state.expired += 1;
    },
    close: status,
    continueAsNew: () => continueAsNew<typeof budgetLedgerWorkflow>({ ...input, limitUsd: toUsd(limitMicros), state }),
  });
}
