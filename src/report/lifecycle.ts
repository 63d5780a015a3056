import { ruleHits } from '../classify/rule-hits.js';
import type { Policy } from '../policy/schema.js';
import type { AttemptRecord, RouteResult } from '../policy/types.js';

/**
 * Route and rule lifecycle over a report window (docs/policy-rollout.md#lifecycle-and-segments): what never
 * fired (candidates for pruning), deprecated routes that still take traffic, and how often the first model was
 * not the one that answered. Pure.
 */

/** A route or rule of the active policy that did nothing in the window. */
export interface NeverFiredItem {
  kind: 'route' | 'keyword' | 'pattern' | 'review-rule';
  /** Route name; the keyword or pattern as written; the review rule (`intents=billing`, `risk=high`, `onConflict`). */
  name: string;
  /** For keywords and patterns: the intent they vote for. */
  intent?: string;
}

/** A `stage: deprecated` route of the active policy and the requests it still took in the window. */
export interface DeprecatedTraffic {
  route: string;
  requests: number;
}

/** The lifecycle part of the policy the report reads. */
export type LifecyclePolicy = Pick<Policy, 'routes' | 'intents' | 'review'>;

/**
 * Routes never chosen, intent keywords and patterns that matched no request text (`texts`: the classifier's input
 * of each request; null when the texts could not be read, then keywords and patterns are not judged), and review
 * rules that sent no request to review (from the trail's review reasons). Empty without a policy.
 */
export function computeNeverFired(
  results: readonly RouteResult[],
  policy: LifecyclePolicy | null,
  texts: readonly string[] | null,
): NeverFiredItem[] {
  if (!policy) return [];
  const chosen = new Set(results.map((result) => result.route));
  const items: NeverFiredItem[] = policy.routes
    .filter((route) => !chosen.has(route.name))
    .map((route) => ({ kind: 'route', name: route.name }));
  if (texts !== null) {
    for (const hit of ruleHits(policy.intents, texts)) {
      if (hit.matches === 0) items.push({ kind: hit.kind, name: hit.name, intent: hit.intent });
    }
  }
  const triggered = new Set(results.flatMap(reviewRulesOf));
  for (const rule of reviewRules(policy.review)) {
    if (!triggered.has(rule)) items.push({ kind: 'review-rule', name: rule });
  }
  return items;
}

/** The review rules a policy sets, by name: `intents=<intent>`, `risk=<level>` and the switches that are on. */
export function reviewRules(review: Policy['review']): string[] {
  const when = review.when;
  return [
    ...when.intents.map((intent) => `intents=${intent}`),
    ...when.risk.map((risk) => `risk=${risk}`),
    ...(when.confidenceBelow !== undefined ? ['confidenceBelow'] : []),
    ...(when.onConflict ? ['onConflict'] : []),
    ...(when.afterFailedAttempts !== undefined ? ['afterFailedAttempts'] : []),
    ...(when.onPolicyBlocked ? ['onPolicyBlocked'] : []),
    ...(when.onExhausted ? ['onExhausted'] : []),
    ...Object.entries(review.rules ?? {})
      .filter(([, rule]) => rule !== undefined && rule !== false)
      .map(([key]) => `rules.${key}`),
  ];
}

/** Review reason texts (src/policy/review-rules.ts, ladder.ts) back to the rule that gave them. */
const REASON_RULES: [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^intent (\S+) requires review/, (match) => `intents=${match[1]}`],
  [/^(low|medium|high)-risk request requires review/, (match) => `risk=${match[1]}`],
  [/^classifier confidence /, () => 'confidenceBelow'],
  [/^classifiers disagree/, () => 'onConflict'],
  [/^\d+ failed attempts \(review after/, () => 'afterFailedAttempts'],
  [/ blocked the request \(/, () => 'onPolicyBlocked'],
  // Conversation rules (src/policy/conversation-rules.ts) start with the rule's key.
  [/^(stillConfused|askedForDetailsTwice|identityDoubt): /, (match) => `rules.${match[1]}`],
];

/**
 * The review rules that sent a request to review, read from its trail (`review: requested` entries). A reason no
 * other rule explains (every model failed, over budget, no allowed provider) counts as `onExhausted`; a route's
 * `review: always` is no review rule.
 */
export function reviewRulesOf(result: RouteResult): string[] {
  const rules: string[] = [];
  for (const entry of result.trail) {
    if (entry.step !== 'review' || entry.outcome !== 'requested') continue;
    if (/^route ".*" always asks for review/.test(entry.reason)) continue;
    const found = REASON_RULES.find(([pattern]) => pattern.test(entry.reason));
    const match = found ? entry.reason.match(found[0]) : null;
    rules.push(found && match ? found[1](match) : 'onExhausted');
  }
  return rules;
}

/** Deprecated routes of the active policy with their requests in the window (0 included), most traffic first. */
export function computeDeprecatedTraffic(
  results: readonly RouteResult[],
  policy: Pick<Policy, 'routes'> | null,
): DeprecatedTraffic[] {
  if (!policy) return [];
  return policy.routes
    .filter((route) => route.stage === 'deprecated')
    .map((route) => ({ route: route.name, requests: results.filter((result) => result.route === route.name).length }))
    .sort((a, b) => b.requests - a.requests || a.route.localeCompare(b.route));
}

/** The attempts that answer (or try to answer) the request: the cascade's LLM classifier is none of them. */
export function answerAttempts(result: RouteResult): AttemptRecord[] {
  return result.attempts.filter((attempt) => attempt.role !== 'classify');
}

/**
 * True when the first model did not settle the request: a reviewer rerouted it, or the answer came from another
 * model (a fallback, the review-timeout model, an approved draft of another model).
 */
export function wasRerouted(result: RouteResult): boolean {
  const attempts = answerAttempts(result);
  if (attempts.some((attempt) => attempt.role === 'reviewer-reroute')) return true;
  const first = attempts[0];
  return first !== undefined && result.model !== null && result.model !== first.model;
}

/** Share of requests (0..1) the first model did not settle (wasRerouted); 0 for none. */
export function computeRerouteRate(results: readonly RouteResult[]): number {
  return results.length === 0 ? 0 : results.filter(wasRerouted).length / results.length;
}
