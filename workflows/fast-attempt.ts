import { ActivityFailure, ApplicationFailure, proxyLocalActivities, sleep, TimeoutFailure } from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import type { RoutePlan } from '../src/policy/decide-route.js';
import { FAST_PATH_BOUNDARY, LOCAL_CALL_ACTIVITY, takesFastPath } from '../src/policy/fast-path.js';
import { interimPlan } from '../src/policy/interim.js';
import type { LadderState, LadderStep } from '../src/policy/ladder.js';
import type { AttemptRole } from '../src/policy/types.js';
import type { RouteRun } from './route-run.js';

/**
 * Time a fast-path attempt's local activity gets past the adapter's own limit, ms. The adapter aborts at the
 * attempt's `timeoutMs`; this only bounds a call that ignores its abort. @default 1000
 */
const LOCAL_GRACE_MS = 1000;

/**
 * Whether this ladder step runs as the fast path (src/policy/fast-path.ts): only on runs recorded with the folded
 * `request-rules-2026-12` marker whose recorded policy result carries the worker's grant, for the request's first
 * primary attempt on a route that does not opt out, within the grant's attempt limit, and never for a hedged leg.
 */
export function fastPathFor(
  run: RouteRun,
  plan: RoutePlan,
  ladderRole: AttemptRole,
  state: LadderState,
  step: Extract<LadderStep, { kind: 'call' }>,
  hedged: boolean,
): boolean {
  return takesFastPath({
    grant: run.latestRules ? run.fastPath : null,
    routeAllows: run.policy.routes.find((route) => route.name === plan.route)?.fastPath,
    ladderRole,
    stepRole: step.role,
    ladderAttempts: state.attempts.length,
    timeoutMs: step.timeouts.timeoutMs,
    hedged,
    interimWatched: interimPlan(run.policy, plan.route, Boolean(run.input.stream)) !== null,
  });
}

/**
 * `callModel` as a local activity: run by this worker inside the current workflow task and recorded as one
 * `core_local_activity` marker (result or failure, stamped with the call). One attempt, never retried here: the
 * ladder decides what follows a failure, as for a regular attempt. A worker that dies mid-call fails the whole
 * workflow task, and the next worker makes the call again (docs/failover.md, "Fast path and worker crashes").
 */
export function localCallModel(n: number, role: AttemptRole, modelKey: string, timeoutMs: number) {
  return proxyLocalActivities<SwitchyardActivities>({
    startToCloseTimeout: timeoutMs + LOCAL_GRACE_MS,
    retry: { maximumAttempts: 1 },
    summary: `attempt ${n} ${role}: ${modelKey} (fast path)`,
  }).callModelLocally;
}

/**
 * A local activity's failure in the shape a regular one has: the SDK hands workflow code the ApplicationFailure
 * (or TimeoutFailure) itself, a regular activity's comes wrapped in an ActivityFailure. Anything else (a
 * cancellation, an ActivityFailure already) passes through.
 */
export function asActivityFailure(error: unknown): unknown {
  if (!(error instanceof ApplicationFailure) && !(error instanceof TimeoutFailure)) return error;
  return new ActivityFailure(error.message, LOCAL_CALL_ACTIVITY, undefined, 'NON_RETRYABLE_FAILURE', undefined, error);
}

/**
 * After a failed fast-path attempt, ends the workflow task before the next call (a 1 ms timer): a cancellation that
 * arrived while the call ran inside the task (the server holds it until the task completes) is then seen before
 * another model is called, as it would have been during a regular attempt. Only when nothing else blocks first
 * (a retry's backoff timer already does).
 */
export async function fastPathBoundary(): Promise<void> {
  await sleep(1, { summary: FAST_PATH_BOUNDARY });
}
