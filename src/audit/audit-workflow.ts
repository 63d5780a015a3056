import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { AuditOptions, AuditReport } from './audit-types.js';
import { buildAuditReport } from './build-audit.js';
import { decodeHistory } from './decode-history.js';
import { type History, historyToJson } from './history-json.js';

/** The history of one workflow, with a clear error when there is none. */
export async function fetchWorkflowHistory(client: Client, workflowId: string): Promise<History> {
  try {
    return await client.workflow.getHandle(workflowId).fetchHistory();
  } catch (error) {
    const text = `${(error as Error)?.name ?? ''} ${(error as Error)?.message ?? ''}`;
    if (/NotFound|not found/i.test(text)) throw new Error(`no workflow with id ${workflowId}`);
    throw error;
  }
}

/**
 * The decision trail of one request, rebuilt from its workflow history alone (payloads decoded with the
 * data converter, codec included) — never by querying the workflow.
 */
export async function auditWorkflow(
  client: Client,
  workflowId: string,
  options: AuditOptions & { dataConverter?: DataConverter } = {},
): Promise<AuditReport> {
  const history = await fetchWorkflowHistory(client, workflowId);
  const events = await decodeHistory(history, options.dataConverter);
  return buildAuditReport(workflowId, events, options);
}

/** The history as JSON (the format `temporal workflow show -o json` writes), for fixtures and tickets. */
export async function exportWorkflowHistory(client: Client, workflowId: string): Promise<string> {
  return historyToJson(await fetchWorkflowHistory(client, workflowId));
}
