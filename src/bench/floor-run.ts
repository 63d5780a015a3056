import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';

/** What running the floor needs: the clients and task queue of a bench stack. */
export interface FloorStack {
  client: Client;
  /** Starts workflows eagerly on the worker's connection (`--eager-start`), as RouterClient does; null: `client`. */
  starter: Client | null;
  taskQueue: string;
}

/**
 * Runs Temporal's floor (`floorWorkflow`: one no-op activity) once, started the way the routed requests of the same
 * run are (eagerly through the worker's connection under `--eager-start`, waited for on the client's own), so the
 * two compare like for like. Returns the workflow id.
 */
export async function runFloor(stack: FloorStack): Promise<string> {
  const workflowId = `floor-${randomUUID()}`;
  await (stack.starter ?? stack.client).workflow.start('floorWorkflow', {
    taskQueue: stack.taskQueue,
    workflowId,
    args: [],
  });
  await stack.client.workflow.getHandle(workflowId).result();
  return workflowId;
}
