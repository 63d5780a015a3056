import { applyAccess, type CallerFacts } from './access.js';
import { attemptBudget } from './attempt-budget.js';
import { roundUsd } from './cost.js';
import { type DecisionRules, decideRoute, type ExclusionCause, type RouteDecision } from './decide-route.js';
import type { RouteFacts } from './match-route.js';
import { policyRequestProblems } from './policy-request-problems.js';
import type { Policy } from './schema.js';
import type { RouteRequest } from './types.js';

/** A policy a worker runs in shadow: decided for every request, never called (docs/policy-rollout.md). */
export interface ShadowPolicySnapshot {
  version: string;
  /** sha256 of the policy file's canonical form. */
  hash: string;
  /** The full policy (defaults filled in), as recorded by resolvePolicy. */
  policy: Policy;
}

/** What one decision would do before any model answers: the measures shadow and active are compared on. */
export interface DecisionSummary {
  /** Route chosen, or null when the policy rejects the request. */
  route: string | null;
  /** Primary model key after data-class narrowing (the first candidate), or null when none is left. */
  model: string | null;
  /** A person sees the request before any model answers (upfront review, or no model may take it and the policy says review). */
  review: boolean;
  /** Worst-case cost of the first attempt on `model` (attempt-budget estimate), USD; null without a model. */
  estimatedCostUsd: number | null;
}

/** The shadow policy's decision for one request, recorded in the result (`shadow`); no model was called for it. */
export interface ShadowDecision extends DecisionSummary {
  /** Version of the shadow policy. */
  policyVersion: string;
  /** sha256 of the shadow policy. */
  policyHash: string;
  /** Candidate model keys in the order the shadow policy would try them. */
  candidates: string[];
  /** Models the shadow route names that may not take this request (data class, region, capability, size, cost). */
  excluded: { model: string; cause: ExclusionCause }[];
  /** Why this route (or why the shadow policy rejects the request; or why review). */
  reason: string;
  /** The same measures for the active decision, computed the same way, so the report compares like with like. */
  active: DecisionSummary;
}

/**
 * Decides a request under the shadow policy with the same pure functions as the active decision: the shadow's
 * `access` grants narrow the request as the caller sent it, then `decideRoute` on the active inspection's facts
 * (classification and data class are reused, not recomputed under the shadow's intents and privacy rules).
 */
export function decideShadow(
  shadow: ShadowPolicySnapshot,
  asked: RouteRequest,
  caller: CallerFacts,
  facts: Omit<RouteFacts, 'metadata'>,
  rules: DecisionRules,
  active: { policy: Policy; decision: RouteDecision },
): ShadowDecision {
  const base = { policyVersion: shadow.version, policyHash: shadow.hash };
  const activeSummary = summarizeDecision(active.policy, active.decision);
  const request = applyAccess(shadow.policy, asked, { name: caller.name, problem: null }).request;
  const problems = policyRequestProblems(request, shadow.policy);
  const decision: RouteDecision =
    problems.length > 0
      ? { kind: 'reject', reason: problems.join('; ') }
      : decideRoute(shadow.policy, request, { ...facts, metadata: request.metadata ?? {} }, rules);
  const summary = summarizeDecision(shadow.policy, decision);
  if (decision.kind === 'reject') {
    return { ...base, ...summary, candidates: [], excluded: [], reason: decision.reason, active: activeSummary };
  }
  const { plan } = decision;
  return {
    ...base,
    ...summary,
    candidates: plan.candidates.map((candidate) => candidate.model),
    excluded: plan.excluded.map(({ model, cause }) => ({ model, cause })),
    reason: plan.upfrontReview === null ? plan.reason : `${plan.reason}; review: ${plan.upfrontReview}`,
    active: activeSummary,
  };
}

/**
 * Route, primary model, review and first-attempt estimate of a decision. Review also counts a request no model
 * may take when the policy sends that to a person (`privacy.onNoAllowedProvider: review` for privacy or region
 * exclusions, else `review.when.onExhausted`), as the ladder would at once.
 */
export function summarizeDecision(policy: Policy, decision: RouteDecision): DecisionSummary {
  if (decision.kind === 'reject') return { route: null, model: null, review: false, estimatedCostUsd: null };
  const { plan } = decision;
  const first = plan.candidates[0];
  const model = first ? policy.models[first.model] : undefined;
  const budget = first && model ? attemptBudget(plan, first, model, { spentUsd: 0, reportedInputTokens: 0 }) : null;
  return {
    route: plan.route,
    model: first?.model ?? null,
    review: plan.upfrontReview !== null || (first === undefined && noModelGoesToReview(policy, decision)),
    estimatedCostUsd: budget?.ok ? roundUsd(budget.worstCaseUsd) : null,
  };
}

function noModelGoesToReview(policy: Policy, decision: Extract<RouteDecision, { kind: 'plan' }>): boolean {
  const privacyOnly = decision.plan.excluded.some(
    (exclusion) => exclusion.cause === 'privacy' || exclusion.cause === 'region',
  );
  return privacyOnly ? policy.privacy.onNoAllowedProvider === 'review' : policy.review.when.onExhausted;
}
