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

/** Every circuit of every running entity (at most `limit` entities), asked through their status Query. */
export async function circuitStatus(client: Client, limit = 200): Promise<CircuitStatusRow[]> {
  const rows: CircuitStatusRow[] = [];
  let seen = 0;
  for await (const execution of client.workflow.list({ query: CIRCUIT_WORKFLOWS_QUERY, pageSize: limit })) {
    if (seen++ >= limit) break;
    let snapshot: CircuitSnapshot;
    try {
      snapshot = await client.workflow.getHandle(execution.workflowId).query(circuitStateQuery);
    } catch {
      continue; // its worker is gone: no answer
    }
    for (const circuit of snapshot.circuits) {
      rows.push({
        entityId: execution.workflowId,
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
