import { writeFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { parseSince } from '../../report/parse-since.js';
import { positiveInteger } from '../shared-options.js';

/**
 * `switchyard router mine --out labels.jsonl`: correctness labels from recorded requests and feedback, in the
 * format `router train` reads (docs/router.md, "Training from production"). Attach under `router`.
 */
export function registerRouterMineCommand(router: Command): void {
  router
    .command('mine')
    .description('mine {"messages","weak_correct","strong_correct"} lines from recorded requests and feedback')
    .requiredOption('--out <file>', 'where to write the JSONL lines')
    .option(
      '--address <host:port>',
      'Temporal frontend (default: TEMPORAL_ADDRESS, a running `switchyard dev`, localhost:7233)',
    )
    .option('--namespace <name>', 'Temporal namespace (default: TEMPORAL_NAMESPACE or default)')
    // Not withTemporalOptions: the task queue filters the recorded requests, and has no default.
    .option('--task-queue <name>', 'only requests routed on this task queue (default: every queue)')
    .option('--since <duration|time>', 'window start: a duration back from now (24h, 7d) or an ISO time', '7d')
    .option('--limit <n>', 'most workflows read', positiveInteger('--limit'), 5000)
    .option('--json', 'print the summary as JSON')
    .action(async (options) => {
      const since = parseSince(options.since);
      // Loaded here, so `router train` and `router score` never load the Temporal client.
      const { dataConverterFromEnv } = await import('../../codec/data-converter.js');
      const { connectClient, resolveTemporalTarget } = await import('../temporal-target.js');
      const { mineLabels } = await import('../../feedback/mine-labels.js');
      const dataConverter = dataConverterFromEnv();
      const client = await connectClient(resolveTemporalTarget(options), dataConverter);
      try {
        const { lines, summary } = await mineLabels(client, {
          since,
          limit: options.limit,
          ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}),
          ...(dataConverter ? { dataConverter } : {}),
        });
        writeFileSync(options.out, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
        if (options.json) console.log(JSON.stringify({ ...summary, out: options.out }));
        else {
          const skipped = Object.entries(summary.skipped).map(([reason, count]) => `${reason} ${count}`);
          console.log(
            `router mine: ${summary.labelled} of ${summary.scanned} requests labelled → ${options.out}` +
              ` (${summary.strongFilled} strong filled, ${summary.feedback} feedback)` +
              (skipped.length > 0 ? `; skipped: ${skipped.join(', ')}` : ''),
          );
        }
      } finally {
        await client.connection.close();
      }
    });
}
