import type { Client } from '@temporalio/client';
import { type CanaryStatus, canaryStateQuery, promoteCanaryUpdate } from '../../workflows/canary-messages.js';

/** Visibility query for canary controllers. */
export const CANARY_WORKFLOWS_QUERY = "WorkflowType = 'canaryControllerWorkflow'";

/** Which controller to ask: by id, else the newest running one of the task queue. */
export interface CanaryScope {
  workflowId?: string;
  taskQueue: string;
}

/** What `switchyard canary status --json` prints: versions by name, hashes beside them. */
export interface CanaryStatusDocument {
  workflowId: string;
  active: string;
  activeHash: string;
  candidate: string;
  candidateHash: string;
  percent: number;
  state: CanaryStatus['state'];
  stateReason: string | null;
  served: CanaryStatus['served'];
  guardrails: CanaryStatus['guardrails'];
  decisions: CanaryStatus['decisions'];
}

/** The controller's workflow id; throws a one-line error when the task queue has none running. */
export async function findCanaryController(client: Client, scope: CanaryScope): Promise<string> {
  if (scope.workflowId) return scope.workflowId;
  const queue = scope.taskQueue.replace(/'/g, "\\'");
  const query = `${CANARY_WORKFLOWS_QUERY} AND ExecutionStatus = 'Running' AND TaskQueue = '${queue}'`;
  for await (const execution of client.workflow.list({ query, pageSize: 1 })) return execution.workflowId;
  throw new Error(
    `no canary controller is running on task queue ${scope.taskQueue} (is a worker running with --canary-policy?)`,
  );
}

export function toStatusDocument(status: CanaryStatus): CanaryStatusDocument {
  return {
    workflowId: status.workflowId,
    active: status.active.version,
    activeHash: status.active.hash,
    candidate: status.candidate.version,
    candidateHash: status.candidate.hash,
    percent: status.percent,
    state: status.state,
    stateReason: status.stateReason,
    served: status.served,
    guardrails: status.guardrails,
    decisions: status.decisions,
  };
}

/** The controller's state and guardrails (a Query: its worker must be running). */
export async function canaryStatus(client: Client, scope: CanaryScope): Promise<CanaryStatusDocument> {
  const workflowId = await findCanaryController(client, scope);
  return toStatusDocument(await client.workflow.getHandle(workflowId).query(canaryStateQuery));
}

/** A person promotes the canary (an Update, recorded in the controller's history with `by`). */
export async function promoteCanary(client: Client, scope: CanaryScope, by: string): Promise<CanaryStatusDocument> {
  const workflowId = await findCanaryController(client, scope);
  return toStatusDocument(
    await client.workflow.getHandle(workflowId).executeUpdate(promoteCanaryUpdate, { args: [{ by }] }),
  );
}

/** Human-readable status. */
export function formatCanaryStatus(status: CanaryStatusDocument): string {
  const lines = [
    `canary ${status.candidate} vs active ${status.active}: ${status.state} (${status.percent} %)`,
    ...(status.stateReason ? [`  ${status.stateReason}`] : []),
    `  served: active ${status.served.active}, canary ${status.served.canary}`,
    '  guardrail              active      candidate   limit       ok',
    ...status.guardrails.map(
      (row) =>
        `  ${row.name.padEnd(22)} ${String(row.active ?? '-').padEnd(11)} ${String(row.candidate ?? '-').padEnd(11)} ${String(row.limit ?? '-').padEnd(11)} ${row.ok ? 'yes' : 'NO'}`,
    ),
  ];
  return lines.join('\n');
}
