import type { Command } from '@commander-js/extra-typings';
import { canaryStatus, formatCanaryStatus, promoteCanary } from '../../canary/canary-status.js';
import { withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';

/** `switchyard canary status | promote`: the canary controller of the task queue (docs/policy-rollout.md). */
export function registerCanaryCommand(program: Command): void {
  const canary = program.command('canary').description('the canary controller: state, guardrails, promotion');
  withTemporalOptions(
    canary
      .command('status')
      .description('active and candidate versions, state, requests served, guardrails')
      .option('--id <workflowId>', 'the controller (default: the running one of the task queue)')
      .option('--json', 'print one JSON document'),
  ).action(async (options) => {
    const target = resolveTemporalTarget(options);
    const client = await connectClient(target);
    try {
      const status = await canaryStatus(client, { taskQueue: target.taskQueue, workflowId: options.id });
      console.log(options.json ? JSON.stringify(status) : formatCanaryStatus(status));
    } finally {
      await client.connection.close();
    }
  });
  withTemporalOptions(
    canary
      .command('promote')
      .description('promote the candidate to 100 % (recorded in the controller history with --by)')
      .option('--id <workflowId>', 'the controller (default: the running one of the task queue)')
      .option('--by <name>', 'who promotes (default: $USER)')
      .option('--json', 'print the new status as one JSON document'),
  ).action(async (options) => {
    const target = resolveTemporalTarget(options);
    const client = await connectClient(target);
    try {
      const by = options.by ?? process.env.USER ?? 'cli';
      const status = await promoteCanary(client, { taskQueue: target.taskQueue, workflowId: options.id }, by);
      console.log(options.json ? JSON.stringify(status) : formatCanaryStatus(status));
    } finally {
      await client.connection.close();
    }
  });
}
