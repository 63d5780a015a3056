import type { Command } from '@commander-js/extra-typings';
import { dataConverterFromEnv } from '../../codec/data-converter.js';
import { loadPolicyFile } from '../../config/load-policy.js';
import { parseFailOn } from '../../policy-replay/fail-on.js';
import { formatPolicyReplay } from '../../policy-replay/format-replay.js';
import { REPLAY_NUMERIC_FIELDS } from '../../policy-replay/replay-requests.js';
import { runPolicyReplay } from '../../policy-replay/run-replay.js';
import { parseSince } from '../../report/parse-since.js';
import { positiveInteger } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';

/** Exit code when a `--fail-on` threshold is broken (1 stays "the command failed"). */
export const FAIL_ON_EXIT_CODE = 3;

/**
 * `switchyard policy replay CANDIDATE`: re-decide the recorded requests of a window under a candidate policy and
 * show what would change (routes, review, data classes, cost per success). Attach under `policy`.
 */
export function registerPolicyReplayCommand(policyCommand: Command): void {
  policyCommand
    .command('replay')
    .description('re-decide recorded requests under a candidate policy; show what would change')
    .argument('<candidate>', 'the candidate policy file')
    .option(
      '--address <host:port>',
      'Temporal frontend (default: TEMPORAL_ADDRESS, a running `switchyard dev`, localhost:7233)',
    )
    .option('--namespace <name>', 'Temporal namespace (default: TEMPORAL_NAMESPACE or default)')
    // Not withTemporalOptions: here the task queue filters the recorded requests, and has no default.
    .option('--task-queue <name>', 'only requests routed on this task queue (default: every queue)')
    .option('--since <duration|time>', 'window start: a duration back from now (24h, 7d) or an ISO time', '7d')
    .option('--limit <n>', 'most workflows read', positiveInteger('--limit'), 5000)
    .option(
      '--fail-on <thresholds>',
      `exit ${FAIL_ON_EXIT_CODE} when one holds, e.g. "dataClassViolations>0,routeChanges>20" (> >= < <= ==)`,
    )
    .option('--json', 'print JSON')
    .action(async (file, options) => {
      const failOn = options.failOn === undefined ? [] : parseFailOn(options.failOn, REPLAY_NUMERIC_FIELDS);
      const since = parseSince(options.since);
      const candidate = loadPolicyFile(file);
      const dataConverter = dataConverterFromEnv();
      const client = await connectClient(resolveTemporalTarget(options), dataConverter);
      try {
        const report = await runPolicyReplay(client, {
          candidate,
          since,
          limit: options.limit,
          failOn,
          // --task-queue filters; without it every queue's requests are read.
          ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}),
          ...(dataConverter ? { dataConverter } : {}),
        });
        console.log(options.json ? JSON.stringify(report) : formatPolicyReplay(report));
        if (report.broken.length > 0) process.exitCode = FAIL_ON_EXIT_CODE;
      } finally {
        await client.connection.close();
      }
    });
}
