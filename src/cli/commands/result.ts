import type { Command } from '@commander-js/extra-typings';
import { WorkflowNotFoundError } from '@temporalio/client';
import { getRouteStatusQuery } from '../../../workflows/messages.js';
import type { RouteResult } from '../../policy/types.js';
import { formatResult } from '../format-result.js';
import { withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';

/** `switchyard result ID`: the result of a routed request (waits for it unless --no-wait). */
export function registerResultCommand(program: Command): void {
  withTemporalOptions(
    program
      .command('result')
      .description('print the result of a routed request')
      .argument('<workflowId>', 'workflow id printed by `route --no-wait`')
      .option('--wait', 'wait if the request is still running (default)', true)
      .option('--no-wait', 'print the current status if it is still running')
      .option('--json', 'print JSON'),
  ).action(async (workflowId, options) => {
    const client = await connectClient(resolveTemporalTarget(options));
    try {
      const handle = client.workflow.getHandle(workflowId);
      const description = await handle.describe().catch((error: unknown) => {
        if (error instanceof WorkflowNotFoundError) throw new Error(`no request with workflow id ${workflowId}`);
        throw error;
      });
      if (!options.wait && description.status.name === 'RUNNING') {
        const status = await handle.query(getRouteStatusQuery);
        console.log(
          options.json ? JSON.stringify({ workflowId, running: true, status }) : `${workflowId}: still ${status.phase}`,
        );
        return;
      }
      const result = (await handle.result()) as RouteResult;
      console.log(options.json ? JSON.stringify(result) : formatResult(result));
    } finally {
      await client.connection.close();
    }
  });
}
