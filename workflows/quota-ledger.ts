import { continueAsNew, setHandler } from '@temporalio/workflow';
import { toMicros, toUsd } from '../src/policy/budget-rules.js';
import { quotaRefusal } from '../src/policy/quota-rules.js';
import { assertReservationId, assertTtl, assertUsd, runLedgerLoop, SETTLED_MEMORY_MS } from './ledger-loop.js';
import {
  type ClaimResult,
  claimUpdate,
  type QuotaLedgerInput,
  type QuotaState,
  type QuotaStatus,
  quotaStatusQuery,
  settleUpdate,
} from './quota-messages.js';

/**
 * One quota for one period (workflow id `quota-<name>/<period-key>`): every request of the quota's scope joins its
 * population once; an attempt on the target claims a share. Handlers never await, so each claim is decided against
 * exact counts under any concurrency: the target's share never passes `maxShare`, and it reaches it within one
 * request when demand is there.
 */
export async function quotaLedgerWorkflow(input: QuotaLedgerInput): Promise<QuotaStatus> {
  const state: QuotaState = input.state ?? {
    counts: { totalRequests: 0, targetRequests: 0, totalMicros: 0, targetMicros: 0 },
    members: {},
    reservations: {},
    settled: {},
    refused: 0,
  };
  const { counts } = state;
  let updates = 0;
  const status = (): QuotaStatus => ({
    quota: input.quota,
    periodKey: input.periodKey,
    periodEndMs: input.periodEndMs,
    totalRequests: counts.totalRequests,
    targetRequests: counts.targetRequests,
    totalUsd: toUsd(counts.totalMicros),
    targetUsd: toUsd(counts.targetMicros),
    requestShare: counts.totalRequests === 0 ? 0 : counts.targetRequests / counts.totalRequests,
    spendShare: counts.totalMicros === 0 ? 0 : counts.targetMicros / counts.totalMicros,
    refused: state.refused,
  });
  /** Takes a target reservation back out of both sums (it is settled or expired). */
  const unreserve = (id: string) => {
    const held = state.reservations[id];
    if (!held) return;
    counts.totalMicros -= held.amountMicros;
    counts.targetMicros -= held.amountMicros;
    delete state.reservations[id];
    state.settled[id] = Date.now();
  };

  setHandler(
    claimUpdate,
    (request): ClaimResult => {
      updates += 1;
      const now = Date.now();
      let member = state.members[request.requestId];
      if (!member) {
        member = { target: false, atMs: now };
        state.members[request.requestId] = member;
        counts.totalRequests += 1;
      }
      const answer = (granted: boolean, reason: string | null): ClaimResult => ({
        granted,
        reason,
        counts: { ...counts },
      });
      if (!request.target) return answer(true, null);
      const spend = request.limits.measure === 'spend';
      // A repeated claim (activity retry) answers as the first did.
      if (request.attemptId in state.reservations || request.attemptId in state.settled) return answer(true, null);
      if (member.target && !spend) return answer(true, null);
      const amountMicros = spend ? toMicros(request.amountUsd) : 0;
      const limits = member.target ? { ...request.limits, maxRequests: undefined } : request.limits;
      const refusal = quotaRefusal(counts, limits, amountMicros);
      if (refusal !== null) {
        state.refused += 1;
        return answer(false, `quota ${input.quota}: ${refusal}`);
      }
      if (!member.target) {
        member.target = true;
        counts.targetRequests += 1;
      }
      if (spend) {
        state.reservations[request.attemptId] = { amountMicros, expiresAtMs: now + request.ttlMs };
        counts.totalMicros += amountMicros;
        counts.targetMicros += amountMicros;
      }
      return answer(true, null);
    },
    {
      validator: (request) => {
        assertReservationId(request?.requestId);
        assertReservationId(request.attemptId);
        assertUsd(request.amountUsd, 'amountUsd');
        assertTtl(request.ttlMs);
        const limits = request.limits;
        if (limits?.measure !== 'requests' && limits?.measure !== 'spend') throw new Error('invalid limits.measure');
        if (limits.maxShare !== undefined && !(limits.maxShare >= 0 && limits.maxShare <= 1))
          throw new Error('invalid limits.maxShare');
        if (limits.maxRequests !== undefined && !(Number.isInteger(limits.maxRequests) && limits.maxRequests >= 0))
          throw new Error('invalid limits.maxRequests');
      },
    },
  );
  setHandler(
    settleUpdate,
    (request) => {
      updates += 1;
      if (!(request.attemptId in state.settled)) {
        unreserve(request.attemptId);
        const micros = toMicros(request.actualUsd);
        counts.totalMicros += micros;
        if (request.target) counts.targetMicros += micros;
        state.settled[request.attemptId] = Date.now();
      }
      return status();
    },
    {
      validator: (request) => {
        assertReservationId(request?.attemptId);
        assertUsd(request.actualUsd, 'actualUsd');
      },
    },
  );
  setHandler(quotaStatusQuery, status);

  return await runLedgerLoop({
    book: state,
    periodEndMs: input.periodEndMs,
    updates: () => updates,
    idle: () => true,
    expire: unreserve,
    prune: (now) => {
      for (const [id, member] of Object.entries(state.members))
        if (now - member.atMs > SETTLED_MEMORY_MS) delete state.members[id];
    },
    close: status,
    continueAsNew: () => continueAsNew<typeof quotaLedgerWorkflow>({ ...input, state }),
  });
}
