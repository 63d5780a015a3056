/**
 * The first attempt made ahead (docs/workflow-changes.md, "The fast path"): `resolvePolicy` has the policy, the
 * request and its inspection, so on a fast-path worker it can also make the request's first model call in the same
 * local activity: one activation and one local-activity round trip fewer for a request answered on the first try.
 * This decides, purely, whether the workflow's own first action after routing would be exactly that call, and
 * builds its activity input. The workflow adopts the recorded result only when the input it builds itself is the
 * same (by fingerprint); anything this does not cover makes no call ahead.
 */
import { spendingOf } from './attempt-budget.js';
import { budgetsFor, callScope } from './budget-scope.js';
import { decideRoute } from './decide-route.js';
import { type FastPathGrant, takesFastPath } from './fast-path.js';
import { interimPlan } from './interim.js';
import { nextStep } from './ladder.js';
import { startLadder } from './ladder-state.js';
import { llmClassificationCall } from './llm-classification.js';
import { type CallModelInput, modelCallInput } from './model-call-input.js';
import { latestAttemptSettings, toolsOf, withSystemPrompt } from './model-call-parts.js';
import { policyRequestProblems } from './policy-request-problems.js';
import type { Policy } from './schema.js';
import type { Classification, PrivacyVerdict, RouteRequest } from './types.js';

/** What `resolvePolicy` knows when it may make the first call ahead. */
export interface FirstAttemptFacts {
  workflowId: string;
  policy: Policy;
  policyHash: string;
  /** The request as the caller may ask it (after `applyAccess`). */
  request: RouteRequest;
  /** Verified caller name, or null. */
  callerName: string | null;
  classification: Classification;
  privacy: PrivacyVerdict;
  grant: FastPathGrant;
}

/**
 * The activity input of the request's first attempt when the workflow would make it at once on the fast path, else
 * null. Null whenever something else comes first or could change the call: a problem with the request, an LLM
 * classification call, a rejection or an upfront review, an answer cache, a hedge, a verifier or interim messages on
 * the route, a budget or quota covering the call, a wait, a fitted prompt, or an attempt outside the fast path.
 * Decided under the latest request rules (the only runs that ask for it); streamed requests never ask.
 */
export function firstAttemptInput(facts: FirstAttemptFacts): CallModelInput | null {
  const { policy, request, classification, privacy } = facts;
  if (policyRequestProblems(request, policy).length > 0) return null;
  const llm = llmClassificationCall(policy, classification, privacy.dataClass, request.messages);
  if (llm !== null && !('skipped' in llm)) return null;
  const byLocale = policy.routes.some((route) => route.when?.locale !== undefined);
  const routeFacts = {
    classification,
    dataClass: privacy.dataClass,
    metadata: request.metadata ?? {},
    ...(byLocale && classification.locale !== undefined ? { locale: classification.locale } : {}),
  };
  const rules = { failoverByKind: true, conversationRules: true, fitPrompt: true };
  const decision = decideRoute(policy, request, routeFacts, rules);
  if (decision.kind !== 'plan' || decision.plan.upfrontReview !== null) return null;
  const plan = decision.plan;
  const route = policy.routes.find((candidate) => candidate.name === plan.route);
  if (!route || route.cache || route.hedge || route.verify) return null;
  if (interimPlan(policy, plan.route, false) !== null) return null;
  const step = nextStep(startLadder(plan, 0, spendingOf([]), true, true), policy, 0);
  if (step.kind !== 'call' || step.role !== 'primary' || step.delayMs > 0 || step.fit) return null;
  const model = step.candidate.model;
  const scope = callScope(plan.route, step.candidate, facts.callerName, request.metadata);
  if (budgetsFor(policy.budgets ?? [], scope).length > 0 || budgetsFor(policy.quotas ?? [], scope).length > 0) {
    return null;
  }
  const fast = takesFastPath({
    grant: facts.grant,
    routeAllows: route.fastPath,
    ladderRole: 'primary',
    stepRole: step.role,
    ladderAttempts: 0,
    timeoutMs: step.timeouts.timeoutMs,
    hedged: false,
    interimWatched: false,
  });
  if (!fast) return null;
  const owner = {
    workflowId: facts.workflowId,
    n: 1,
    role: 'primary' as const,
    policyHash: facts.policyHash,
    modelKey: model,
    route: plan.route,
    minScore: policy.privacy.minScore,
    failoverByKind: true,
  };
  return modelCallInput(owner, {
    messages: withSystemPrompt(plan.system, request.messages),
    maxOutputTokens: step.maxOutputTokens,
    responseFormat: plan.responseFormat,
    timeouts: step.timeouts,
    redact: step.candidate.redact,
    ...toolsOf(request),
    ...latestAttemptSettings(policy, plan, request, model, step.adjusted),
  });
}
