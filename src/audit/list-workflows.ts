import type { Client } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes.js';
import { ROUTING_WORKFLOWS_QUERY } from './verify-replay.js';

/** One routing workflow as visibility shows it: labels only (search attributes carry no request text). */
export interface RoutingWorkflowRow {
  workflowId: string;
  runId: string;
  /** ISO time. */
  startTime: string;
  closeTime: string | null;
  status: string;
  route: string | null;
  model: string | null;
  outcome: string | null;
  dataClass: string | null;
  policyVersion: string | null;
  intent: string | null;
  needsReview: boolean | null;
}

export interface ListOptions {
  /** Visibility query, ANDed with the routing workflow type. */
  query?: string;
  /** Most rows returned. @default 20 */
  limit?: number;
}

/** Routing workflows, newest first, with Switchyard's search attributes. */
export async function listRoutingWorkflows(client: Client, options: ListOptions = {}): Promise<RoutingWorkflowRow[]> {
  const limit = options.limit ?? 20;
  const query = options.query?.trim() ? `(${options.query}) AND ${ROUTING_WORKFLOWS_QUERY}` : ROUTING_WORKFLOWS_QUERY;
  const rows: RoutingWorkflowRow[] = [];
  if (limit === 0) return rows;
  for await (const execution of client.workflow.list({ query, pageSize: Math.min(limit, 1000) })) {
    const attributes = execution.typedSearchAttributes;
    rows.push({
      workflowId: execution.workflowId,
      runId: execution.runId,
      startTime: execution.startTime.toISOString(),
      closeTime: execution.closeTime?.toISOString() ?? null,
      status: execution.status.name,
      route: attributes.get(SEARCH_ATTRIBUTES.route) ?? null,
      model: attributes.get(SEARCH_ATTRIBUTES.model) ?? null,
      outcome: attributes.get(SEARCH_ATTRIBUTES.outcome) ?? null,
      dataClass: attributes.get(SEARCH_ATTRIBUTES.dataClass) ?? null,
      policyVersion: attributes.get(SEARCH_ATTRIBUTES.policyVersion) ?? null,
      intent: attributes.get(SEARCH_ATTRIBUTES.intent) ?? null,
      needsReview: attributes.get(SEARCH_ATTRIBUTES.needsReview) ?? null,
    });
    if (rows.length >= limit) break;
  }
  return rows;
}
