import { planForModel, type RoutePlan } from '../src/policy/decide-route.js';
import { degradeByMode } from './degrade-modes.js';
import type { ReviewGate } from './review-gate.js';
import type { Ending, RouteRun } from './route-run.js';
import { type LadderEnd, runLadder } from './run-ladder.js';

/** Turns the ladder's terminal step into an ending, going through human review when it asks for one. */
export async function settle(run: RouteRun, gate: ReviewGate, plan: RoutePlan, end: LadderEnd): Promise<Ending> {
  if (end.kind === 'answer') return answered(run, end, 'answered');
  if (end.kind === 'reject') return { outcome: 'rejected', answer: null, model: null, reason: end.reason };
  if (end.kind === 'degrade') {
    const byMode = await degradeByMode(run, plan, end); // null: the static message (no degrade mode)
    if (byMode) return byMode;
    // A provider refused on content grounds: the safe message, and a finish that says why (`content_filter`).
    const finish = end.policyBlocked ? { finish: 'content-filter' as const } : {};
    return { outcome: 'degraded', answer: plan.degradeMessage, model: null, reason: end.reason, ...finish };
  }

  const draft = await draftFor(run, plan, end);
  const decision = await gate.wait(end.reason, draft);
  if (decision === null) {
    const onTimeout = run.policy.review.onTimeout;
    const reason = 'review deadline passed without a decision';
    if (onTimeout === 'degrade') return { outcome: 'degraded', answer: plan.degradeMessage, model: null, reason };
    return viaModel(run, plan, onTimeout.model, 'review-timeout', reason, 'answered');
  }
  const review = decision;
  switch (decision.decision) {
    case 'approve-draft':
      return {
        outcome: 'reviewed',
        answer: draft?.text ?? null,
        model: draft?.model ?? null,
        reason: `draft approved by ${decision.reviewer}`,
        review,
        ...(draft ? draftEnd(run) : {}),
      };
    case 'reply-with-text':
      return {
        outcome: 'reviewed',
        answer: decision.text ?? '',
        model: null,
        reason: `reply written by ${decision.reviewer}`,
        review,
      };
    case 'reject':
      return { outcome: 'reviewed', answer: null, model: null, reason: `rejected by ${decision.reviewer}`, review };
    case 'reroute-to-model': {
      const ending = await viaModel(
        run,
        plan,
        decision.model ?? '',
        'reviewer-reroute',
        `rerouted by ${decision.reviewer}`,
        'reviewed',
      );
      return { ...ending, review };
    }
  }
}

/** Calls one model chosen outside the route (reviewer reroute, review-timeout model). */
async function viaModel(
  run: RouteRun,
  base: RoutePlan,
  model: string,
  role: 'reviewer-reroute' | 'review-timeout',
  reason: string,
  outcome: 'answered' | 'reviewed',
): Promise<Ending> {
  const plan = planForModel(
    run.policy,
    base,
    model,
    run.privacy!.dataClass,
    run.classification!.complexity.inputTokens,
  );
  if (typeof plan === 'string')
    return {
      outcome: 'degraded',
      answer: base.degradeMessage,
      model: null,
      reason: `${reason}; ${model} not usable: ${plan}`,
    };
  run.note({ step: 'route', outcome: model, reason });
  const end = await runLadder(run, plan, role);
  if (end.kind === 'answer') return answered(run, end, outcome, reason);
  return { outcome: 'degraded', answer: base.degradeMessage, model: null, reason: `${reason}; ${end.reason}` };
}

/**
 * The draft a reviewer sees. A request a provider blocked on content grounds gets none unless the policy opts
 * in (`review.when.draftOnPolicyBlocked`): policy-blocked means no other model sees it.
 */
async function draftFor(
  run: RouteRun,
  plan: RoutePlan,
  end: Extract<LadderEnd, { kind: 'review' }>,
): Promise<{ text: string; model: string } | null> {
  if (end.policyBlocked && !run.legacy && !run.policy.review.when.draftOnPolicyBlocked) {
    run.note({
      step: 'review',
      outcome: 'no-draft',
      reason: 'content-filtered request: no draft model sees it (review.when.draftOnPolicyBlocked is off)',
    });
    return null;
  }
  return makeDraft(run, plan);
}

/** Asks the first draft model the data class allows for a reply to show the reviewer. */
async function makeDraft(run: RouteRun, base: RoutePlan): Promise<{ text: string; model: string } | null> {
  const { policy } = run;
  const refusals: string[] = [];
  for (const model of policy.review.draftModels) {
    const plan = planForModel(policy, base, model, run.privacy!.dataClass, run.classification!.complexity.inputTokens);
    if (typeof plan === 'string') {
      refusals.push(`${model}: ${plan}`);
      continue;
    }
    const end = await runLadder(run, { ...plan, limits: { ...plan.limits, retries: 0 } }, 'draft');
    if (end.kind !== 'answer') return null;
    return { text: run.texts.get(end.attempt.n) ?? '', model: end.attempt.model };
  }
  if (refusals.length > 0)
    run.note({ step: 'review', outcome: 'no-draft', reason: `no draft model usable: ${refusals.join('; ')}` });
  return null;
}

/** How the approved draft ended (a draft that calls tools keeps its calls). */
function draftEnd(run: RouteRun): Pick<Ending, 'finish' | 'toolCalls'> {
  const attempt = run.attempts.findLast((candidate) => candidate.ok && candidate.role === 'draft');
  const ended = attempt ? run.answerEnds.get(attempt.n) : undefined;
  return ended ? { finish: ended.finish, toolCalls: ended.toolCalls } : {};
}

function answered(
  run: RouteRun,
  end: Extract<LadderEnd, { kind: 'answer' }>,
  outcome: 'answered' | 'reviewed',
  why?: string,
): Ending {
  const { attempt } = end;
  const reason = why ?? `answered by ${attempt.model} (${attempt.role}) on attempt ${attempt.n}`;
  const ended = run.answerEnds.get(attempt.n);
  return {
    outcome,
    answer: run.texts.get(attempt.n) ?? '',
    model: attempt.model,
    reason,
    finish: ended?.finish ?? 'stop',
    toolCalls: ended?.toolCalls ?? null,
  };
}
