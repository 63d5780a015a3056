import { conversationReviewReason, conversationRulesFor, reviewModeOf } from './conversation-rules.js';
import { type RouteFacts, selectRoute } from './match-route.js';
import type { Policy, RouteConfig } from './schema.js';
import type { ChatMessage, Classification, RouteRequest } from './types.js';

/**
 * Why a request must go to a person before any model answers, or null. Route `review: always` wins,
 * `never` opts out; `auto` applies the policy's review rules (intents, risk, low confidence, conflict), then
 * the conversation rules over `conversation` (the request's messages; not given: not applied, as for runs
 * recorded before them).
 */
export function upfrontReviewReason(
  policy: Policy,
  route: RouteConfig,
  classification: Classification,
  conversation?: readonly ChatMessage[],
): string | null {
  const mode = reviewModeOf(route.review);
  if (mode === 'always') return `route "${route.name}" always asks for review`;
  if (mode === 'never') return null;
  const rules = policy.review.when;
  if (rules.intents.includes(classification.intent)) return `intent ${classification.intent} requires review`;
  if (rules.risk.includes(classification.risk)) return `${classification.risk}-risk request requires review`;
  // Only a classifier that spoke can be unsure; "no rule matched and no model" is not low confidence.
  const classified = classification.source !== 'none';
  if (classified && rules.confidenceBelow !== undefined && classification.confidence < rules.confidenceBelow) {
    return `classifier confidence ${classification.confidence.toFixed(2)} < ${rules.confidenceBelow}`;
  }
  if (rules.onConflict && classification.conflicting) return 'classifiers disagree';
  if (conversation === undefined) return null;
  const conversationRules = conversationRulesFor(policy.review.rules, route.review);
  return conversationReviewReason(
    conversationRules,
    conversation,
    classification.source === 'none' ? null : classification.intent,
  );
}

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
  conversationRules: boolean,
): string | null {
  const conversation = conversationRules ? request.messages : undefined;
  const own = upfrontReviewReason(policy, route, facts.classification, conversation);
  if (own !== null || request.route === undefined) return own;
  const { route: _forced, ...unforced } = request;
  const natural = selectRoute(policy, unforced, facts);
  if (!natural.ok || natural.route.name === route.name) return null;
  const reason = upfrontReviewReason(policy, natural.route, facts.classification, conversation);
  return reason === null
    ? null
    : `${reason} (the policy's route for this request; forcing "${route.name}" does not skip review)`;
}
