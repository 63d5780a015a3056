import { type RouteFacts, selectRoute } from './match-route.js';
import { upfrontReviewReason } from './review-rules.js';
import type { Policy, RouteConfig } from './schema.js';
import type { RouteRequest } from './types.js';

/**
 * Review rules hold whatever the caller asked for: a forced route is reviewed when it asks for review itself,
 * and also when the route the policy would have chosen does. Forcing changes which models answer, never
 * whether a person looks.
 */
export function reviewWhateverWasAsked(
  policy: Policy,
  request: RouteRequest,
  route: RouteConfig,
  facts: RouteFacts,
): string | null {
  const own = upfrontReviewReason(policy, route, facts.classification);
  if (own !== null || request.route === undefined) return own;
  const { route: _forced, ...unforced } = request;
  const natural = selectRoute(policy, unforced, facts);
  if (!natural.ok || natural.route.name === route.name) return null;
  const reason = upfrontReviewReason(policy, natural.route, facts.classification);
  return reason === null
    ? null
    : `${reason} (the policy's route for this request; forcing "${route.name}" does not skip review)`;
}
