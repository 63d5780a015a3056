import type { Command } from '@commander-js/extra-typings';
import pc from 'picocolors';
import { listRoutingWorkflows, type RoutingWorkflowRow } from '../../audit/list-workflows.js';
import { positiveInteger, withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';

/** `switchyard list`: routing workflows with their search attributes (labels only, never request text). */
export function registerListCommand(program: Command): void {
  withTemporalOptions(
    program
      .command('list')
      .description('list routing workflows with route, model, outcome, data class, policy version, review flag')
      .option('--query <query>', 'visibility query, e.g. "SwitchyardOutcome = \'degraded\'"')
      .option('--limit <n>', 'most rows to print', positiveInteger('--limit'), 20)
      .option('--json', 'print JSON'),
  ).action(async (options) => {
    const client = await connectClient(resolveTemporalTarget(options));
    try {
      const rows = await listRoutingWorkflows(client, {
        limit: options.limit,
        ...(options.query ? { query: options.query } : {}),
      });
      console.log(options.json ? JSON.stringify({ workflows: rows }) : formatRows(rows));
    } finally {
      await client.connection.close();
    }
  });
}

const COLUMNS: [string, (row: RoutingWorkflowRow) => string][] = [
  ['workflow id', (row) => row.workflowId],
  ['started', (row) => row.startTime.replace('T', ' ').slice(0, 19)],
  ['status', (row) => row.status.toLowerCase()],
  ['route', (row) => row.route ?? '-'],
  ['model', (row) => row.model ?? '-'],
  ['outcome', (row) => row.outcome ?? '-'],
  ['data class', (row) => row.dataClass ?? '-'],
  ['policy', (row) => row.policyVersion ?? '-'],
  ['review', (row) => (row.needsReview ? 'waiting' : '-')],
];

function formatRows(rows: RoutingWorkflowRow[]): string {
  if (rows.length === 0) return pc.dim('no routing workflows found');
  const cells = rows.map((row) => COLUMNS.map(([, value]) => value(row)));
  const widths = COLUMNS.map(([title], index) => Math.max(title.length, ...cells.map((line) => line[index]!.length)));
  const line = (values: string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  return [pc.bold(line(COLUMNS.map(([title]) => title))), ...cells.map(line)].join('\n');
}
