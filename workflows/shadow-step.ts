import type { RouteDecision } from '../src/policy/decide-route.js';
import { decideShadow } from '../src/policy/shadow-decision.js';
import type { RouteRun } from './route-run.js';

/**
 * Patch id of shadow decisions (docs/policy-rollout.md). Asked only when resolvePolicy recorded a shadow policy,
 * so histories of workers without one have no marker and replay unchanged.
 */
export const SHADOW_POLICY_PATCH = 'shadow-policy';

/**
 * Decides the request under the recorded shadow policy on the active inspection's facts, keeps the decision for
 * the result (`shadow`) and tags `SwitchyardShadowRoute`. Pure: no activity, no model call, no extra command
 * (the tag joins the run's one deferred search-attribute upsert).
 */
export function recordShadow(run: RouteRun, active: RouteDecision): void {
  const snapshot = run.shadowPolicy;
  if (snapshot === null || run.classification === null || run.privacy === null) return;
  const shadow = decideShadow(
    snapshot,
    run.askedRequest,
    { name: run.callerName, problem: null },
    { classification: run.classification, dataClass: run.privacy.dataClass },
    { failoverByKind: run.failoverByKind, fitPrompt: run.latestRules },
    { policy: run.policy, decision: active },
  );
  run.shadow = shadow;
  run.tag({ shadowRoute: shadow.route ?? 'none' });
}
