import type { HeldReservation } from '../activities/budget.js';
import type { SettleQuotaInput } from '../activities/quota.js';
import { budgetsFor, callScope } from '../src/policy/budget-scope.js';
import type { RoutePlan } from '../src/policy/decide-route.js';
import { cheaperStep, type LadderState, type LadderStep, stepDown } from '../src/policy/ladder.js';
import { targetMatches } from '../src/policy/quota-target.js';
import { reserveForStep } from './budget-guard.js';
import { claimForStep, settleQuotas } from './quota-guard.js';
import type { RouteRun } from './route-run.js';

type CallStep = Extract<LadderStep, { kind: 'call' }>;

/** How a ladder ends; `reject` only when a budget or quota with `reject` refuses an attempt. */
export type LadderEnd = Exclude<LadderStep, { kind: 'call' }> | { kind: 'reject'; reason: string };

/** A call step cleared by quotas and budgets, with what to settle after it. */
export interface Admitted {
  kind: 'call';
  step: CallStep;
  held: HeldReservation[];
  quotaSettle: SettleQuotaInput | null;
}

/**
 * Whether a quota or budget of the run covers this call step (by scope); when none does, `admitStep` would admit it
 * unchanged with nothing held, so the ladder skips it (no wait in the workflow).
 */
export function stepCovered(run: RouteRun, plan: RoutePlan, step: CallStep): boolean {
  const facts = callScope(plan.route, step.candidate, run.callerName, run.request.metadata);
  return (
    (run.quotas && budgetsFor(run.policy.quotas ?? [], facts).length > 0) ||
    (run.budgets && budgetsFor(run.policy.budgets ?? [], facts).length > 0)
  );
}

/** What an exhausted budget or exceeded quota says to do. */
type Refusal = 'cheaper' | 'degrade' | 'review' | 'reject';

/**
 * Clears a call step with the policy's quotas, then its budgets (docs/budgets.md). A quota over its share moves the
 * request to the next candidate outside the quota's target (`cheaper`); a budget that cannot cover the attempt, to
 * the next cheaper candidate; a budget whose spend spikes steps a non-critical route down a tier while a cheaper
 * candidate is left. Other reactions end the ladder. Every refusal goes in the trail.
 */
export async function admitStep(
  run: RouteRun,
  plan: RoutePlan,
  state: LadderState,
  first: CallStep,
): Promise<Admitted | LadderEnd> {
  const { policy } = run;
  const critical = policy.routes.find((route) => route.name === plan.route)?.critical === true;
  let step = first;
  for (;;) {
    let quotaSettle: SettleQuotaInput | null = null;
    if (run.quotas) {
      const quota = await claimForStep(run, plan.route, step);
      if (!quota.granted) {
        run.note({ step: 'quota', outcome: quota.onExceeded, reason: `${quota.reason} (${step.candidate.model})` });
        const next = afterRefusal(quota.onExceeded, quota.reason, () =>
          stepDown(state, policy, Date.now(), step.candidateIndex, `${quota.reason}: try`, (candidate) =>
            targetMatches(quota.quota.target, candidate.candidate) ? 'also the quota target' : null,
          ),
        );
        if (next.kind !== 'call') return next;
        step = next;
        continue;
      }
      quotaSettle = quota.settle;
    }
    if (!run.budgets) return { kind: 'call', step, held: [], quotaSettle };
    let mayStepDown = !critical;
    for (;;) {
      const cheaper = () =>
        cheaperStep(state, policy, Date.now(), step.candidateIndex, step.worstCaseUsd, 'budget spike');
      const verdict = await reserveForStep(run, plan.route, step, mayStepDown && cheaper()?.kind === 'call');
      if (verdict.granted) return { kind: 'call', step, held: verdict.held, quotaSettle };
      if (verdict.spike) {
        run.note({ step: 'budget', outcome: 'throttle', reason: `${verdict.reason} (${step.candidate.model})` });
        const next = cheaper();
        if (next?.kind === 'call') {
          settleQuotas(run, quotaSettle, 0);
          step = next;
          break;
        }
        mayStepDown = false;
        continue;
      }
      settleQuotas(run, quotaSettle, 0);
      run.note({ step: 'budget', outcome: verdict.onExhausted, reason: `${verdict.reason} (${step.candidate.model})` });
      const next = afterRefusal(verdict.onExhausted, verdict.reason, () =>
        cheaperStep(state, policy, Date.now(), step.candidateIndex, step.worstCaseUsd, verdict.reason),
      );
      if (next.kind !== 'call') return next;
      step = next;
      break;
    }
  }
}

/** The step a refusal leads to: the next allowed candidate for `cheaper` (degrade when none), else the ending. */
function afterRefusal(reaction: Refusal, reason: string, next: () => LadderStep | null): CallStep | LadderEnd {
  switch (reaction) {
    case 'cheaper': {
      const step = next();
      if (step === null) return { kind: 'degrade', reason: `${reason}; no cheaper model may take it` };
      return step;
    }
    case 'review':
      return { kind: 'review', reason };
    case 'reject':
      return { kind: 'reject', reason };
    default:
      return { kind: 'degrade', reason };
  }
}
