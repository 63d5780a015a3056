import type { Policy, RouteConfig, RouteWhen } from './schema.js';
import type { Classification, DataClass, RouteRequest } from './types.js';

/** What route matching looks at. */
export interface RouteFacts {
  classification: Classification;
  dataClass: DataClass;
  metadata: Record<string, string>;
  /**
   * The request's locale (classification.locale) when the workflow matches on it (patch `locale-segments`);
   * absent, a route naming locales does not match. @default absent
   */
  locale?: string;
}

/** Result of route selection: the route, or why none applies. */
export type RouteSelection = { ok: true; route: RouteConfig; reason: string } | { ok: false; reason: string };

/**
 * Picks the route: a forced route by name, else the first route whose `when` holds. Under `bias: quality`
 * an unsure classification (below the route's minConfidence, or the policy's) does not match routes that
 * name intents, so it falls through to later, more capable routes; under `bias: cost` it still does.
 */
export function selectRoute(policy: Policy, request: RouteRequest, facts: RouteFacts): RouteSelection {
  if (request.route !== undefined) {
    const forced = policy.routes.find((route) => route.name === request.route);
    return forced
      ? { ok: true, route: forced, reason: `forced by request (route "${forced.name}")` }
      : { ok: false, reason: `unknown route "${request.route}" (policy ${policy.version})` };
  }
  for (const route of policy.routes) {
    const failure = whyNotMatching(route.when, policy, facts);
    if (failure === null) return { ok: true, route, reason: describeMatch(route, facts) };
  }
  return { ok: false, reason: 'no route matches and the policy has no catch-all route' };
}

/** Returns null when `when` holds, else the first unmet condition. */
export function whyNotMatching(when: RouteWhen | undefined, policy: Policy, facts: RouteFacts): string | null {
  if (!when) return null;
  const { classification } = facts;
  if (when.intent) {
    if (!when.intent.includes(classification.intent)) return `intent ${classification.intent} not in route`;
    const minConfidence = when.minConfidence ?? policy.defaults.minConfidence;
    if (policy.defaults.bias === 'quality' && classification.confidence < minConfidence) {
      return `confidence ${classification.confidence.toFixed(2)} < ${minConfidence} (bias quality)`;
    }
  }
  if (when.minConfidence !== undefined && classification.confidence < when.minConfidence && !when.intent) {
    return `confidence below ${when.minConfidence}`;
  }
  if (when.maxConfidence !== undefined && classification.confidence >= when.maxConfidence) {
    return `confidence not below ${when.maxConfidence}`;
  }
  if (when.risk && !when.risk.includes(classification.risk)) return `risk ${classification.risk} not in route`;
  if (when.dataClass && !when.dataClass.includes(facts.dataClass)) return `data class ${facts.dataClass} not in route`;
  const tokens = classification.complexity.inputTokens;
  if (when.minInputTokens !== undefined && tokens < when.minInputTokens) return 'input shorter than route minimum';
  if (when.maxInputTokens !== undefined && tokens > when.maxInputTokens) return 'input longer than route maximum';
  if (when.locale && (facts.locale === undefined || !when.locale.includes(facts.locale))) {
    return `locale ${facts.locale ?? 'unknown'} not in route`;
  }
  for (const [key, allowed] of Object.entries(when.metadata ?? {})) {
    const value = facts.metadata[key];
    if (value === undefined || !allowed.includes(value)) return `metadata ${key} does not match`;
  }
  return null;
}

function describeMatch(route: RouteConfig, facts: RouteFacts): string {
  if (!route.when) return `catch-all route "${route.name}"`;
  const parts: string[] = [];
  const { classification } = facts;
  if (route.when.intent) parts.push(`intent ${classification.intent} (${classification.confidence.toFixed(2)})`);
  if (route.when.risk) parts.push(`risk ${classification.risk}`);
  if (route.when.dataClass) parts.push(`data ${facts.dataClass}`);
  if (route.when.metadata) parts.push('metadata');
  if (route.when.locale) parts.push(`locale ${facts.locale}`);
  if (route.when.minInputTokens !== undefined || route.when.maxInputTokens !== undefined) parts.push('size');
  return `matched "${route.name}" on ${parts.join(', ') || 'its conditions'}`;
}
