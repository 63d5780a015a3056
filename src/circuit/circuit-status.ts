import type { Client } from '@temporalio/client';
import { type CircuitSnapshot, circuitStateQuery } from '../../workflows/circuit-messages.js';

/** Visibility query for the running circuit entities. */
export const CIRCUIT_WORKFLOWS_QUERY = "WorkflowType = 'circuitWorkflow' AND ExecutionStatus = 'Running'";

/** One circuit as `switchyard circuit status` prints it. */
export interface CircuitStatusRow {
  /** Workflow id of the provider endpoint's entity. */
  entityId: string;
  provider: string;
  /** `model:<id>`, `format:<id>:<route>` or `account`. */
  circuit: string;
  state: string;
  /** ISO times; null when not set. */
  since: string;
  until: string | null;
  reason: string | null;
  /** Attempts and failures in the current window. */
  windowTotal: number;
  windowFailed: number;
  opened: number;
}

/** Longest wait for one entity's status answer, ms: an entity whose workers are gone never answers. */
const QUERY_TIMEOUT_MS = 3000;

/** Which circuit entities to ask. */
export interface CircuitScope {
  /** Only the entities of this task queue (the router's); unset: every task queue. */
  taskQueue?: string;
  /** At most this many entities. @default 200 */
  limit?: number;
}

/**
 * The status answer of every running circuit entity in scope, asked in parallel, each within
 * QUERY_TIMEOUT_MS; entities whose worker is gone (no answer in time) are left out.
 */
export async function circuitSnapshots(
  client: Client,
  scope: CircuitScope = {},
): Promise<{ entityId: string; snapshot: CircuitSnapshot }[]> {
  const limit = scope.limit ?? 200;
  const query = scope.taskQueue
    ? `${CIRCUIT_WORKFLOWS_QUERY} AND TaskQueue = '${scope.taskQueue.replace(/'/g, "\\'")}'`
    : CIRCUIT_WORKFLOWS_QUERY;
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query, pageSize: limit })) {
    if (ids.length >= limit) break;
    ids.push(execution.workflowId);
  }
  const answers = await Promise.all(
    ids.map((entityId) =>
      client
        .withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => client.workflow.getHandle(entityId).query(circuitStateQuery))
        .then(
          (snapshot) => ({ entityId, snapshot }),
          () => null, // its worker is gone: no answer
        ),
    ),
  );
  return answers.filter((answer) => answer !== null);
}

/** Every circuit of every running entity, asked through their status Query. */
export async function circuitStatus(client: Client, scope: CircuitScope = {}): Promise<CircuitStatusRow[]> {
  const rows: CircuitStatusRow[] = [];
  for (const { entityId, snapshot } of await circuitSnapshots(client, scope)) {
    for (const circuit of snapshot.circuits) {
      rows.push({
        entityId,
        provider: snapshot.provider,
        circuit: circuit.key,
        state: circuit.phaseNow,
        since: new Date(circuit.sinceMs).toISOString(),
        until: circuit.untilMs === null ? null : new Date(circuit.untilMs).toISOString(),
        reason: circuit.reason,
        windowTotal: circuit.window.total,
        windowFailed: circuit.window.failed,
        opened: circuit.opened,
      });
    }
  }
  return rows;
}

/** One transition for `switchyard report`'s circuit history. */
export interface CircuitHistoryRow {
  at: string;
  provider: string;
  circuit: string;
  from: string;
  to: string;
  reason: string;
}

/** Transitions of every running entity since `sinceMs` (each entity keeps its last 50), oldest first. */
export async function circuitHistory(
  client: Client,
  sinceMs: number,
  scope: CircuitScope = {},
): Promise<CircuitHistoryRow[]> {
  const rows: CircuitHistoryRow[] = [];
  for (const { snapshot } of await circuitSnapshots(client, scope)) {
    for (const transition of snapshot.transitions) {
      if (transition.atMs < sinceMs) continue;
      rows.push({
        at: new Date(transition.atMs).toISOString(),
        provider: snapshot.provider,
        circuit: transition.key,
        from: transition.from,
        to: transition.to,
        reason: transition.reason,
      });
    }
  }
  return rows.sort((a, b) => a.at.localeCompare(b.at));
}

/** The history as lines: `2026-12-06 04:48:31  fake-openai model:dead  closed → open  (reason)`. */
export function formatCircuitHistory(rows: readonly CircuitHistoryRow[]): string {
  if (rows.length === 0) return 'no circuit transitions';
  return rows
    .map(
      (row) =>
        `${row.at.replace('T', ' ').slice(0, 19)}  ${row.provider} ${row.circuit}  ${row.from} → ${row.to}  (${row.reason})`,
    )
    .join('\n');
}

/** The rows as an aligned table. */
export function formatCircuitStatus(rows: readonly CircuitStatusRow[]): string {
  if (rows.length === 0) return 'no circuits (no worker has reported an attempt yet)';
  const columns: [string, (row: CircuitStatusRow) => string][] = [
    ['provider', (row) => row.provider],
    ['circuit', (row) => row.circuit],
    ['state', (row) => row.state],
    ['since', (row) => row.since.replace('T', ' ').slice(0, 19)],
    ['until', (row) => (row.until ? row.until.replace('T', ' ').slice(0, 19) : '-')],
    ['window', (row) => `${row.windowFailed}/${row.windowTotal} failed`],
    ['opened', (row) => String(row.opened)],
    ['reason', (row) => row.reason ?? '-'],
  ];
  const cells = rows.map((row) => columns.map(([, value]) => value(row)));
  const widths = columns.map(([title], index) => Math.max(title.length, ...cells.map((line) => line[index]!.length)));
  const line = (values: string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  return [line(columns.map(([title]) => title)), ...cells.map(line)].join('\n');
}
