import { patched, workflowInfo } from '@temporalio/workflow';
import { DECISIONS_PATCH } from './decision-log.js';
import { SHADOW_POLICY_PATCH } from './shadow-step.js';
import { FAILOVER_BY_KIND_PATCH, WORKER_POLICY_PATCH } from './start-request.js';

/** Patch id of the difficulty-routing changes (verifier cascade, hedged calls, answer cache; docs/router.md). */
export const DIFFICULTY_ROUTING_PATCH = 'difficulty-routing';

/**
 * One marker for every workflow change up to December 2026 (docs/workflow-changes.md, "One marker"): with it, every
 * earlier patch counts as taken, including those asked only for some policies (`budget-ledger`, `quota-ledger`,
 * `canary-rollout`, `locale-segments`). It also gates the ladder's newer rungs (repair, fit-prompt, degrade modes,
 * conversation review rules, sampled quality) and the fast path. New runs take these rules without recording it
 * (askRequestRules); histories recorded before it ask the earlier patches one by one, as then.
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

/** Every change up to `request-rules-2026-12` and the rules that came with it. */
const LATEST_RULES: RequestRules = {
  latest: true,
  inspectOnce: true,
  failoverByKind: true,
  decisions: true,
  shadow: true,
  difficultyRouting: true,
  workerPolicy: true,
};

/**
 * Which rules a run takes, decided before any await.
 *
 * - **New executions** of a request in today's input shape (no `policy` in it) take the latest rules and record no
 *   patch marker: a `patched()` call costs a marker and a `TemporalChangeVersion` search-attribute upsert, about
 *   0.6–1 ms per request on the dev server (issue 19, docs/workflow-changes.md "No marker").
 * - **Replays** ask the patches in the order histories recorded them: the folded marker, else each earlier patch from
 *   its own markers. A history in today's input shape with none of these markers was recorded by the rule above
 *   (every earlier history in that shape carries at least `worker-policy`): the latest rules again.
 * - An input carrying a `policy` (the shape from before workers owned their policies) is asked as before on new runs
 *   too, so the marker is recorded: its replay can never be mistaken for an unmarked history of the first release,
 *   whose legacy path would run the input's policy.
 *
 * `isReplaying` decides only whether the patches are asked; both answers give the same rules for the same history.
 */
export function askRequestRules(input: unknown): RequestRules {
  const carriesPolicy = typeof input === 'object' && input !== null && 'policy' in input;
  if (!carriesPolicy && !workflowInfo().unsafe.isReplaying) return LATEST_RULES;
  if (patched(REQUEST_RULES_PATCH)) return LATEST_RULES;
  const earlier: RequestRules = {
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
  const unmarked = Object.values(earlier).every((taken) => !taken);
  return unmarked && !carriesPolicy ? LATEST_RULES : earlier;
}

/**
 * A patch asked only for some policies, after the policy is resolved: taken at once by runs on the folded
 * marker, asked (and recorded) by older ones as they were.
 */
export function laterPatch(run: { latestRules: boolean }, id: string): boolean {
  return run.latestRules || patched(id);
}
