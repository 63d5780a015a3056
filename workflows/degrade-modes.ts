import type { RoutePlan } from '../src/policy/decide-route.js';
import { reducedScopePlan } from '../src/policy/degrade-plan.js';
import { bestPartial, type PartialSource } from '../src/policy/partial-answer.js';
import type { LadderEnd } from './admit-step.js';
import type { Ending, RouteRun } from './route-run.js';
import { runLadder } from './run-ladder.js';

/** Roles whose failed text may become a partial answer (not a judge's, a summary's, a draft's). */
const ANSWER_ROLES = new Set(['primary', 'retry', 'fallback', 'hedge']);

/**
 * The ending of a ladder that ends in `degrade` under the route's degrade mode (docs/failover.md#degrade-modes),
 * or null for the static message as before: no mode configured, mode `message`, a provider refused the content
 * (no other model sees it), or a run recorded before these rungs.
 */
export async function degradeByMode(
  run: RouteRun,
  plan: RoutePlan,
  end: Extract<LadderEnd, { kind: 'degrade' }>,
): Promise<Ending | null> {
  const config = plan.degrade;
  if (!run.latestRules || !config || config.mode === 'message' || end.policyBlocked) return null;
  const message = (why: string): Ending => ({
    outcome: 'degraded',
    answer: plan.degradeMessage,
    model: null,
    reason: `${end.reason}; ${config.mode} not possible (${why}): the degrade message`,
    degradeMode: 'message',
  });
  if (config.mode === 'partial') {
    const sources: PartialSource[] = run.attempts
      .filter((attempt) => !attempt.ok && attempt.errorKind !== 'policy-blocked' && ANSWER_ROLES.has(attempt.role))
      .filter((attempt) => run.failedTexts.has(attempt.n))
      .map((attempt) => ({ ...attempt, text: run.failedTexts.get(attempt.n)! }))
      .reverse();
    const partial = bestPartial(sources, plan.responseFormat);
    if (!partial.ok) return message(partial.reason);
    const { answer } = partial;
    const kept = answer.kept.length > 0 ? `; fields kept: ${answer.kept.join(', ')}` : '';
    const dropped = answer.dropped.length > 0 ? `; dropped: ${answer.dropped.join(', ')}` : '';
    return {
      outcome: 'degraded',
      answer: answer.text,
      model: answer.model,
      reason: `${end.reason}; partial answer from attempt ${answer.n} (${answer.model})${kept}${dropped}`,
      degradeMode: 'partial',
      partial: true,
      finish: answer.finish,
      sourceAttempt: answer.n,
    };
  }
  const dataClass = run.privacy?.dataClass ?? 'restricted';
  const inputTokens = run.classification?.complexity.inputTokens ?? plan.inputTokens;
  const elapsedMs = Date.now() - run.startedAtMs;
  const reduced = reducedScopePlan(run.policy, plan, config, { dataClass, inputTokens, elapsedMs });
  if (typeof reduced === 'string') return message(`${config.model}: ${reduced}`);
  run.note({ step: 'route', outcome: config.model!, reason: `degrade: reduced scope on ${config.model}` });
  const ended = await runLadder(run, reduced, 'degrade');
  if (ended.kind !== 'answer') return message(`${config.model}: ${ended.reason}`);
  const { attempt } = ended;
  return {
    outcome: 'degraded',
    answer: run.texts.get(attempt.n) ?? '',
    model: attempt.model,
    reason: `${end.reason}; reduced scope answered by ${attempt.model} on attempt ${attempt.n}`,
    degradeMode: 'reduced-scope',
    finish: run.answerEnds.get(attempt.n)?.finish ?? 'stop',
    toolCalls: null,
  };
}
