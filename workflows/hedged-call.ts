import { CancellationScope, condition, isCancellation } from '@temporalio/workflow';
import type { HeldReservation } from '../activities/budget.js';
import type { SettleQuotaInput } from '../activities/quota.js';
import type { RoutePlan } from '../src/policy/decide-route.js';
import { hedgeDecision, hedgeEndEntry, hedgeStartEntry, hedgeStep, raceState } from '../src/policy/hedge.js';
import { type LadderState, type LadderStep, recordAttempt } from '../src/policy/ladder.js';
import { attemptEntry } from '../src/policy/trail-text.js';
import type { AttemptRecord } from '../src/policy/types.js';
import { admitStep } from './admit-step.js';
import { attemptSettings } from './attempt-settings.js';
import { commitReservations, releaseReservations } from './budget-guard.js';
import type { callModelOnce, ModelCall } from './call-model-once.js';
import { settleQuotas } from './quota-guard.js';
import type { RouteRun } from './route-run.js';

type CallStep = Extract<LadderStep, { kind: 'call' }>;

/**
 * Heartbeat period of a hedged leg, ms: the activity heartbeats this often for the whole call, so the losing leg
 * learns of its cancellation while the provider is still silent.
 */
export const HEDGE_HEARTBEAT_MS = 200;
/**
 * Heartbeat timeout of a hedged leg, ms. The worker sends heartbeats at most every 0.8 × this, which bounds how long
 * a cancellation takes to reach the losing leg (about 0.8 s); a leg silent this long fails as timed out.
 */
export const HEDGE_HEARTBEAT_TIMEOUT_MS = 1000;

/** A route's hedge, decided for this request. */
export interface HedgePlan {
  /** Time the first leg runs alone, ms. */
  afterMs: number;
  /** The hedge model; unset: the next candidate. */
  model: string | undefined;
  /** Why the request hedges (for the trail). */
  why: string;
}

/** One leg of the race: an admitted call step, its call, and what to settle after it. */
export interface HedgeLeg {
  step: CallStep;
  call: ModelCall;
  held: HeldReservation[];
  quotaSettle: SettleQuotaInput | null;
}

/** The route's hedge when this request should hedge (hedgeDecision); notes why not when the route has one. */
export function hedgePlanFor(run: RouteRun, plan: RoutePlan): HedgePlan | null {
  const route = run.policy.routes.find((candidate) => candidate.name === plan.route);
  if (!route?.hedge || !run.classification) return null;
  const { minConfidence } = run.policy.defaults;
  const verdict = hedgeDecision(route.hedge, run.classification, minConfidence, route.strongGain);
  if (!verdict.hedge) {
    run.note({ step: 'hedge', outcome: 'not-needed', reason: verdict.reason });
    return null;
  }
  return { afterMs: route.hedge.afterMs, model: route.hedge.model, why: verdict.reason };
}

/**
 * Runs the first attempt as a hedged call: alone for `afterMs`, then (when the hedge model may take the request and
 * budgets and quotas admit it) beside a hedge leg. The first valid answer wins and the other leg is cancelled; both
 * legs are recorded attempts and commit their cost (a cancelled leg 0: no usage was reported). Returns the ladder
 * state with the winner last, or both failures (the hedge leg last, so the ladder goes on after it).
 */
export async function runHedged(
  run: RouteRun,
  plan: RoutePlan,
  state: LadderState,
  first: HedgeLeg,
  hedge: HedgePlan,
  call: typeof callModelOnce,
): Promise<LadderState> {
  const cancellable = { heartbeatMs: HEDGE_HEARTBEAT_MS, heartbeatTimeoutMs: HEDGE_HEARTBEAT_TIMEOUT_MS };
  const n = run.attempts.length + 1;
  const firstRun = startLeg(run, call, { ...first.call, n, cancellable });
  const alone = async () => {
    await firstRun.settled();
    return settleLegs(run, state, [first], [firstRun.attempt!]);
  };
  if (await condition(() => firstRun.attempt !== null, hedge.afterMs)) return alone();
  const target = hedgeStep(state, run.policy, Date.now(), first.step, hedge.model);
  if (target.kind === 'none') {
    run.note({ step: 'hedge', outcome: 'skipped', reason: target.reason });
    return alone();
  }
  // The hedge model's own decoding values (attempt-settings.ts), not the first leg's.
  const legSettings = attemptSettings(run, plan, target.step.candidate.model);
  const leg = { ...legCall(first.call, target.step), decoding: undefined, ...legSettings };
  let second: HedgeLeg = { step: target.step, call: leg, held: [], quotaSettle: null };
  if (run.budgets || run.quotas) {
    const admitted = await admitStep(run, plan, state, target.step);
    const same = admitted.kind === 'call' && admitted.step.candidateIndex === target.step.candidateIndex;
    if (!same || firstRun.attempt !== null) {
      if (admitted.kind === 'call') {
        settleQuotas(run, admitted.quotaSettle, 0);
        await releaseReservations(admitted.held);
      }
      const why = same
        ? 'the first attempt ended meanwhile'
        : `budgets or quotas refused ${target.step.candidate.model}`;
      run.note({ step: 'hedge', outcome: 'skipped', reason: why });
      return alone();
    }
    second = { ...second, held: admitted.held, quotaSettle: admitted.quotaSettle };
  }
  const refs = [first.call, second.call].map((leg, index) => ({ n: n + index, role: leg.role, model: leg.modelKey }));
  run.note(hedgeStartEntry(refs[0]!, refs[1]!, hedge.afterMs, hedge.why)); // before the call: in history with it
  const hedgeRun = startLeg(run, call, { ...second.call, n: n + 1, cancellable });
  await condition(
    () => raceState(firstRun.attempt, hedgeRun.attempt).kind !== 'wait' || firstRun.broken || hedgeRun.broken,
  );
  const race = raceState(firstRun.attempt, hedgeRun.attempt);
  const loser = race.kind === 'won' ? (race.winner === 'first' ? hedgeRun : firstRun) : null;
  const cancelled = loser !== null && loser.attempt === null;
  if (cancelled) loser.cancel();
  await Promise.all([firstRun.settled(), hedgeRun.settled()]);
  const legs = [first, second];
  const attempts = [firstRun.attempt!, hedgeRun.attempt!];
  // The winner goes last: the ladder answers with the last attempt, or goes on after the hedge leg.
  const order = race.kind === 'won' && race.winner === 'first' ? [1, 0] : [0, 1];
  const next = await settleLegs(
    run,
    state,
    order.map((index) => legs[index]!),
    order.map((index) => attempts[index]!),
  );
  run.note(hedgeEndEntry(race, refs[0]!, refs[1]!, cancelled));
  return next;
}

/** A leg in flight: its attempt once settled (a cancelled leg gets a `Cancelled` record), in its own scope. */
interface RunningLeg {
  /** Cancels the leg because the other answered first. */
  cancel(): void;
  attempt: AttemptRecord | null;
  /** A failure that is neither an attempt nor a cancellation (rethrown by `settled`). */
  broken: boolean;
  settled(): Promise<void>;
}

function startLeg(run: RouteRun, call: typeof callModelOnce, leg: ModelCall & { n: number }): RunningLeg {
  const scope = new CancellationScope();
  const started = Date.now();
  let lost = false;
  const running: RunningLeg = {
    cancel: () => {
      lost = true;
      scope.cancel();
    },
    attempt: null,
    broken: false,
    settled: async () => undefined,
  };
  const done = scope
    .run(async () => call(run, leg))
    .then(
      (attempt) => {
        running.attempt = attempt;
      },
      (error: unknown) => {
        if (!lost || !isCancellation(error)) {
          running.broken = true;
          throw error;
        }
        running.attempt = cancelledAttempt(run, leg, Date.now() - started);
        run.addAttempt(running.attempt, null);
      },
    );
  running.settled = () => done;
  return running;
}

/** The record of a leg cancelled because the other answered first: no usage reported, so no cost. */
function cancelledAttempt(run: RouteRun, leg: ModelCall & { n: number }, latencyMs: number): AttemptRecord {
  return {
    n: leg.n,
    model: leg.modelKey,
    provider: run.policy.models[leg.modelKey]!.provider,
    role: leg.role,
    ok: false,
    errorKind: 'transient',
    errorType: 'Cancelled',
    message: 'cancelled: the other leg of the hedged call answered first',
    status: null,
    retryAfterMs: null,
    formatFailure: false,
    latencyMs,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
  };
}

/** The hedge leg's call: the first leg's messages and format, the hedge step's model, limits and output cap. */
function legCall(first: ModelCall, step: CallStep): ModelCall {
  return {
    ...first,
    modelKey: step.candidate.model,
    maxOutputTokens: step.maxOutputTokens,
    timeouts: step.timeouts,
    role: 'hedge',
    redact: step.candidate.redact,
    stream: null,
  };
}

/** Notes, settles (quotas, budgets: the actual cost) and folds the legs' attempts into the ladder, in this order. */
async function settleLegs(
  run: RouteRun,
  state: LadderState,
  legs: HedgeLeg[],
  attempts: AttemptRecord[],
): Promise<LadderState> {
  run.attempts.sort((a, b) => a.n - b.n); // legs settle in any order; the result lists them by number
  let next = state;
  for (const [index, leg] of legs.entries()) {
    const attempt = attempts[index]!;
    run.note(attemptEntry(attempt));
    settleQuotas(run, leg.quotaSettle, attempt.costUsd);
    next = recordAttempt(next, leg.step, attempt);
  }
  await Promise.all(legs.map((leg, index) => commitReservations(leg.held, attempts[index]!.costUsd)));
  return next;
}
