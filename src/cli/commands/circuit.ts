import type { Command } from '@commander-js/extra-typings';
import { circuitStatus, formatCircuitStatus } from '../../circuit/circuit-status.js';
import { withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';

/** `switchyard circuit status`: every provider circuit the workers share (docs/circuit-breaker.md). */
export function registerCircuitCommand(program: Command): void {
  const circuit = program.command('circuit').description('provider circuit breakers shared by all workers');
  withTemporalOptions(
    circuit
      .command('status')
      .description('each circuit: state, since, until, reason, window counts')
      .option('--json', 'print a JSON array, one object per circuit'),
  ).action(async (options) => {
    const target = resolveTemporalTarget(options);
    const client = await connectClient(target);
    try {
      const rows = await circuitStatus(client, { taskQueue: target.taskQueue });
      console.log(options.json ? JSON.stringify(rows) : formatCircuitStatus(rows));
    } finally {
      await client.connection.close();
    }
  });
}
