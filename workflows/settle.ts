import { planForModel, type RoutePlan } from '../src/policy/decide-route.js';
import { degradeByMode } from './degrade-modes.js';
import { draftFor } from './draft-reply.js';
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

  const { draft, missing } = await draftFor(run, plan, end);
  const decision = await gate.wait(end.reason, draft, missing);
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

/** How the approved draft ended (a draft that calls tools keeps its calls). */
function draftEnd(run: RouteRun): Pick<Ending, 'finish' | 'toolCalls'> {
  const attempt = run.attempts.findLast((candidate) => candidate.ok && candidate.role === 'draft');
  const ended = attempt ? run.answerEnds.get(attempt.n) : undefined;
  return ended ? { finish: ended.finish, toolCalls: ended.toolCalls } : {};
}

/** The ending of a ladder that answered (no review, no waiting). */
export function answered(
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
