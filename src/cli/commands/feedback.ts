import type { Command } from '@commander-js/extra-typings';
import { FeedbackError, recordFeedback } from '../../feedback/record-feedback.js';
import { withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';

/**
 * `switchyard feedback ID --good|--bad [--comment TEXT] [--by NAME]`: records an outcome label for a routed request
 * (a workflow id `route-…`, or a request id of an anonymous caller), durably, as a feedback workflow on the task
 * queue. A second feedback for the same request replaces the first. `router mine` reads them.
 */
export function registerFeedbackCommand(program: Command): void {
  withTemporalOptions(
    program
      .command('feedback')
      .description('record an outcome label (--good or --bad) for a routed request')
      .argument('<id>', 'workflow id (route-…) or request id')
      .option('--good', 'the answer was right')
      .option('--bad', 'the answer was wrong')
      .option('--comment <text>', 'free text (at most 2000 characters)')
      .option('--by <name>', 'who gives the feedback')
      .option('--json', 'print JSON'),
  ).action(async (id, options) => {
    if (Boolean(options.good) === Boolean(options.bad)) throw new Error('feedback: pass exactly one of --good, --bad');
    const target = resolveTemporalTarget(options);
    const client = await connectClient(target);
    try {
      const record = await recordFeedback(client, target.taskQueue, {
        id,
        verdict: options.good ? 'good' : 'bad',
        ...(options.comment === undefined ? {} : { comment: options.comment }),
        ...(options.by === undefined ? {} : { by: options.by }),
      });
      console.log(
        options.json
          ? JSON.stringify(record)
          : `feedback ${record.verdict} on ${record.workflowId} (${record.feedbackId})`,
      );
    } catch (error) {
      if (error instanceof FeedbackError) throw new Error(`feedback: ${error.message}`);
      throw error;
    } finally {
      await client.connection.close();
    }
  });
}
