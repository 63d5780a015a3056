import { applyAccess } from '../policy/access.js';
import { decideRoute, type RoutePlan } from '../policy/decide-route.js';
import { policyRequestProblems } from '../policy/policy-request-problems.js';
import type { Policy } from '../policy/schema.js';
import type { DataClass } from '../policy/types.js';
import type { ReplayRecord } from './replay-record.js';

/** What one policy decides for one recorded request, before any model is called. */
export interface SideDecision {
  /** Route name; null when the policy rejects the request. */
  route: string | null;
  /** The route's primary model as decided (after data-class, region, capability, context and cost narrowing). */
  model: string | null;
  /** Why a person would decide before (or instead of) any model; null when none would. */
  review: string | null;
  /** The plan, or null when rejected. */
  plan: RoutePlan | null;
  /** Why the request is rejected; null when it is routed. */
  rejected: string | null;
}

/**
 * The decision the recorded (active) policy makes for the request, as it ran: access rules applied only when the
 * history is from a worker that owned its policy. Same pure code as the workflow's `decideRoute`.
 */
export function decideActive(record: ReplayRecord): SideDecision {
  const request = record.caller ? applyAccess(record.policy, record.request, record.caller).request : record.request;
  return decideWith(record.policy, request, record);
}

/**
 * The decision a candidate policy would make for the request on today's workers: the candidate's access rules for
 * the recorded caller, the request's route and models checked against the candidate, then `decideRoute` on the
 * recorded inspection. Histories from before access rules (caller null) are compared like for like: no access
 * rules on either side, so a route they forced stays forced and only the policy's difference shows.
 */
export function decideCandidate(candidate: Policy, record: ReplayRecord): SideDecision {
  const request = record.caller ? applyAccess(candidate, record.request, record.caller).request : record.request;
  const problems = policyRequestProblems(request, candidate);
  if (problems.length > 0) return rejected(problems.join('; '));
  return decideWith(candidate, request, record);
}

function decideWith(policy: Policy, request: ReplayRecord['request'], record: ReplayRecord): SideDecision {
  const facts = {
    classification: record.classification,
    dataClass: record.dataClass,
    metadata: request.metadata ?? {},
  };
  const decision = decideRoute(policy, request, facts);
  if (decision.kind === 'reject') return rejected(decision.reason);
  const { plan } = decision;
  return {
    route: plan.route,
    model: plan.candidates[0]?.model ?? null,
    review: reviewReason(policy, plan),
    plan,
    rejected: null,
  };
}

/**
 * Whether a person decides: upfront review on the route, or no model may take the request and the policy
 * sends such requests to review (`privacy.onNoAllowedProvider` when privacy or region excluded them all,
 * `review.when.onExhausted` otherwise) — as the ladder's first step would (ladder.ts `exhausted`).
 */
function reviewReason(policy: Policy, plan: RoutePlan): string | null {
  if (plan.upfrontReview) return plan.upfrontReview;
  if (plan.candidates.length > 0) return null;
  const privacy = plan.excluded.some((item) => item.cause === 'privacy' || item.cause === 'region');
  if (privacy) return policy.privacy.onNoAllowedProvider === 'review' ? 'no allowed provider for the data class' : null;
  return policy.review.when.onExhausted === true ? 'no model of the route may take the request' : null;
}

function rejected(reason: string): SideDecision {
  return { route: null, model: null, review: null, plan: null, rejected: reason };
}

/**
 * Providers of a plan (primary and fallbacks) that the active policy does not allow to see what would be sent to
 * them: the request's data class, or `public` for a redacted copy.
 */
export function disallowedProviders(plan: RoutePlan, dataClass: DataClass, active: Policy): string[] {
  const providers = new Set<string>();
  for (const candidate of plan.candidates) {
    const sent: DataClass = candidate.redact ? 'public' : dataClass;
    if (!activeClasses(active, candidate.provider).includes(sent)) providers.add(candidate.provider);
  }
  return [...providers];
}

/**
 * The data classes the active policy lets a provider see. A provider it does not know is judged as allowed
 * `public` only: new public traffic is not a leak, anything more is.
 */
export function activeClasses(active: Policy, provider: string): readonly DataClass[] {
  return active.providers[provider]?.dataClasses ?? ['public'];
}
