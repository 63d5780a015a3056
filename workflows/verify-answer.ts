import type { RoutePlan } from '../src/policy/decide-route.js';
import type { LadderState, LadderStep } from '../src/policy/ladder.js';
import type { AttemptRole } from '../src/policy/types.js';
import { type CheckVerdict, checkAnswer, verifierForPlan, verifiesModel } from '../src/policy/verify-checks.js';
import { verifyOutcome } from '../src/policy/verify-escalation.js';
import { judgeCall, judgeVerdict } from '../src/policy/verify-judge.js';
import type { JudgeCheckConfig, VerifyConfig } from '../src/policy/verify-schema.js';
import type { RouteRun } from './route-run.js';
import { sideCall } from './side-call.js';

type AnswerStep = Extract<LadderStep, { kind: 'answer' }>;

/**
 * The route's verifier for this ladder's answers (docs/router.md#cascade), or null: only the request's own ladder,
 * only in runs started after the `difficulty-routing` change, only when the route has `verify`.
 */
export function verifierFor(run: RouteRun, plan: RoutePlan, role: AttemptRole): VerifyConfig | null {
  if (!run.difficultyRouting || role !== 'primary') return null;
  const route = run.policy.routes.find((candidate) => candidate.name === plan.route);
  return route?.verify ? verifierForPlan(route.verify, plan, route.strongGain?.model ?? null) : null;
}

/**
 * Verifies a successful answer: runs the checks in order (a judge as its own `judge` attempt), stops at the first
 * failure, notes the verdict in the trail, and returns the answer (accepted) or the call to a stronger candidate
 * (escalated), with the ladder state carrying the judge's cost.
 */
export async function verifyAnswer(
  run: RouteRun,
  plan: RoutePlan,
  verify: VerifyConfig,
  state: LadderState,
  step: AnswerStep,
): Promise<{ step: LadderStep; state: LadderState }> {
  const answer = step.attempt;
  if (!verifiesModel(verify, plan, answer.model)) return { step, state };
  // A tool call is not an answer to grade: the client runs the tool and the route is asked again.
  if (run.answerEnds.get(answer.n)?.finish === 'tool-calls') return { step, state };
  const text = run.texts.get(answer.n) ?? '';
  const verdicts: CheckVerdict[] = [];
  let current = state;
  for (const check of verify.checks) {
    let verdict: CheckVerdict;
    if (check.kind === 'judge') {
      const judged = await judge(run, plan, current, check, text, answer.model);
      current = judged.state;
      verdict = judged.verdict;
    } else {
      const measured = run.answerFacts.get(answer.n);
      const format = measured && 'formatProblem' in measured ? { formatProblem: measured.formatProblem ?? null } : {};
      verdict = checkAnswer(check, { text, meanLogprob: measured?.meanLogprob ?? null, ...format });
    }
    verdicts.push(verdict);
    if (verdict.outcome === 'fail') break;
  }
  const outcome = verifyOutcome(current, run.policy, Date.now(), verify, verdicts);
  run.note(outcome.entry);
  return { step: outcome.kind === 'accept' ? step : outcome.step, state: current };
}

/** One judge attempt (its budgets reserved like any attempt's); a judge that cannot run is a skipped check. */
async function judge(
  run: RouteRun,
  plan: RoutePlan,
  state: LadderState,
  check: JudgeCheckConfig,
  answer: string,
  answerModel: string,
): Promise<{ verdict: CheckVerdict; state: LadderState }> {
  const { policy } = run;
  const dataClass = run.privacy?.dataClass ?? 'restricted';
  const call = judgeCall(policy, state, Date.now(), check, { dataClass, conversation: run.request.messages, answer });
  if (call.kind === 'skip') return { verdict: call.verdict, state };
  const model = policy.models[call.model]!;
  const candidate = {
    model: call.model,
    provider: model.provider,
    contextTokens: model.contextTokens,
    maxOutputTokens: call.maxOutputTokens,
    worstCaseCostUsd: call.worstCaseUsd,
    redact: false,
  };
  const made = await sideCall(run, plan, state, { ...call, candidate }, 'judge');
  if (made.kind === 'refused')
    return { verdict: { outcome: 'skip', reason: `judge ${call.model}: ${made.reason}` }, state };
  const { attempt, state: next } = made;
  if (!attempt.ok) {
    const reason = `judge ${call.model} failed (${attempt.errorType}): check skipped`;
    return { verdict: { outcome: 'skip', reason }, state: next };
  }
  return { verdict: judgeVerdict(check, run.texts.get(attempt.n) ?? '', answerModel), state: next };
}
