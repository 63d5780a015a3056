import { patched } from '@temporalio/workflow';
import { DECISIONS_PATCH } from './decision-log.js';
import { SHADOW_POLICY_PATCH } from './shadow-step.js';
import { FAILOVER_BY_KIND_PATCH, WORKER_POLICY_PATCH } from './start-request.js';

/** Patch id of the difficulty-routing changes (verifier cascade, hedged calls, answer cache; docs/router.md). */
export const DIFFICULTY_ROUTING_PATCH = 'difficulty-routing';

/**
 * One marker for every workflow change up to December 2026 (docs/workflow-changes.md, "One marker"): a request
 * started on this code records only this marker, and every earlier patch counts as taken, including those asked
 * only for some policies (`budget-ledger`, `quota-ledger`, `canary-rollout`, `locale-segments`). It also gates the
 * ladder's newer rungs (repair, fit-prompt, degrade modes, conversation review rules, sampled quality) and the
 * fast path. Histories recorded before it have no such marker and ask the earlier patches one by one, as then.
 */
export const REQUEST_RULES_PATCH = 'request-rules-2026-12';

/** Which workflow changes a run takes, from its patch markers (asked at the very start, before any await). */
export interface RequestRules {
  /** Recorded with `request-rules-2026-12`: every change below, and the rules that came with the marker. */
  latest: boolean;
  inspectOnce: boolean;
  failoverByKind: boolean;
  decisions: boolean;
  shadow: boolean;
  difficultyRouting: boolean;
  workerPolicy: boolean;
}

/**
 * Asks the patches in the order histories recorded them. A new execution takes the one folded marker (2 history
 * events instead of 12); a replayed older history answers each earlier patch from its own markers.
 */
export function askRequestRules(): RequestRules {
  if (patched(REQUEST_RULES_PATCH)) {
    return {
      latest: true,
      inspectOnce: true,
      failoverByKind: true,
      decisions: true,
      shadow: true,
      difficultyRouting: true,
      workerPolicy: true,
    };
  }
  return {
    latest: false,
    inspectOnce: patched('inspect-once'),
    failoverByKind: patched(FAILOVER_BY_KIND_PATCH),
    decisions: patched(DECISIONS_PATCH),
    // Asked here, not once the shadow is known: after resolvePolicy the marker can land in another activation on
    // replay than when recorded, and replay fails (seen in test/integration/shadow-policy.test.ts).
    shadow: patched(SHADOW_POLICY_PATCH),
    difficultyRouting: patched(DIFFICULTY_ROUTING_PATCH),
    workerPolicy: patched(WORKER_POLICY_PATCH),
  };
}

/**
 * A patch asked only for some policies, after the policy is resolved: taken at once by runs on the folded
 * marker, asked (and recorded) by older ones as they were.
 */
export function laterPatch(run: { latestRules: boolean }, id: string): boolean {
  return run.latestRules || patched(id);
}
