import type { WorkflowExecutionDescription } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { Policy } from '../policy/schema.js';
import { memoSaysTagged } from '../temporal/route-memo.js';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes.js';

const { PendingWorkflowTaskState } = proto.temporal.api.enums.v1; // CommonJS package: no named imports

/**
 * The bound on a gateway request's wait for its outcome, ms: the policy's longest request deadline (the
 * workflow ends by then), plus the review wait (a parked request is answered pending by then), plus
 * `slackMs` for Temporal outages, task timeouts and the hops in between.
 */
export function outcomeWaitBoundMs(policy: Policy, reviewWaitMs: number, slackMs: number): number {
  const deadlines = [policy.defaults.deadlineMs, ...policy.routes.map((route) => route.deadlineMs ?? 0)];
  return Math.max(...deadlines) + reviewWaitMs + slackMs;
}

/**
 * Whether a worker has picked up the workflow's first task: its history grew past the start and the first
 * scheduled task, or that task is started, or the workflow is no longer running.
 */
export function firstTaskPickedUp(description: WorkflowExecutionDescription): boolean {
  if (description.status.name !== 'RUNNING') return true;
  if (description.historyLength > 2) return true;
  return description.raw.pendingWorkflowTask?.state === PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED;
}

/**
 * Whether the workflow has parked for a person: its `SwitchyardNeedsReview` search attribute, as `describe` reads
 * it from the workflow's current state (set in the same workflow task that parks it). Not set yet: false when the
 * run's memo says it writes Switchyard's search attributes (src/temporal/route-memo.ts), else null (a run started
 * without them: the caller asks status queries instead).
 */
export function parkedForReview(description: WorkflowExecutionDescription): boolean | null {
  if (description.status.name !== 'RUNNING') return false;
  const parked = description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.needsReview);
  if (parked !== undefined) return parked;
  return memoSaysTagged(description.memo) ? false : null;
}
