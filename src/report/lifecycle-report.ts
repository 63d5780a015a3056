import type { Policy } from '../policy/schema.js';
import type { RouteResult } from '../policy/types.js';
import {
  computeDeprecatedTraffic,
  computeNeverFired,
  computeRerouteRate,
  type DeprecatedTraffic,
  type NeverFiredItem,
} from './lifecycle.js';
import { computeRoutingErrors, type RoutingErrors } from './routing-errors.js';
import { computeRungs, type RungCounts } from './rungs.js';
import { computeSegments, type Segments } from './segments.js';

/** The report's lifecycle and segment sections (docs/policy-rollout.md#lifecycle-and-segments). */
export interface LifecycleSections {
  /** Routes, intent keywords and patterns, and review rules of the active policy that did nothing in the window. */
  neverFired: NeverFiredItem[];
  /** How `neverFired` judged keywords and patterns (or why it did not). */
  neverFiredNote: string;
  /** Deprecated routes of the active policy and the requests they still took. */
  deprecatedWithTraffic: DeprecatedTraffic[];
  /** Share of requests the first model did not settle: rerouted by a reviewer, or answered by another model. */
  rerouteRate: number;
  /** Every scorecard figure per intent, risk, locale, caller and policy version. */
  segments: Segments;
  /** Routing errors: too weak (quality) and too strong (cost). */
  routingErrors: RoutingErrors;
  /** Per route: repairs, prompt fitting, degrade modes, interim messages, quality samples, conversation reviews. */
  rungs: Record<string, RungCounts>;
}

/** Builds the sections from finished results, the active policy and the request texts (null: not read). Pure. */
export function lifecycleSections(
  results: readonly RouteResult[],
  policy: Pick<Policy, 'routes' | 'models' | 'intents' | 'review'> | null,
  texts: readonly string[] | null,
): LifecycleSections {
  const hasRules = Object.values(policy?.intents ?? {}).some(
    (intent) => intent.keywords.length + intent.patterns.length > 0,
  );
  const neverFiredNote =
    policy === null
      ? 'no policy found: pass --policy'
      : !hasRules
        ? 'the policy has no intent keywords or patterns'
        : texts === null
          ? 'request texts not read: intent keywords and patterns not judged'
          : `intent keywords and patterns re-run over the ${texts.length} request texts (last user message)`;
  return {
    neverFired: computeNeverFired(results, policy, texts),
    neverFiredNote,
    deprecatedWithTraffic: computeDeprecatedTraffic(results, policy),
    rerouteRate: computeRerouteRate(results),
    segments: computeSegments(results),
    routingErrors: computeRoutingErrors(results, policy),
    rungs: computeRungs(results),
  };
}

/** True when the policy has intent keywords or patterns for `neverFired` to judge (else the texts need no read). */
export function hasIntentRules(policy: Pick<Policy, 'intents'> | null): boolean {
  return Object.values(policy?.intents ?? {}).some((intent) => intent.keywords.length + intent.patterns.length > 0);
}
