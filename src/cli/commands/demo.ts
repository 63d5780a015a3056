import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import pc from 'picocolors';
import { RouterClient } from '../../client/router-client.js';
import { createLogger } from '../../logging.js';
import { signReviewDecision } from '../../policy/review-decision.js';
import { renderProviderShare, renderScorecard } from '../../report/render-scorecard.js';
import { computeScorecard } from '../../report/scorecard.js';
import { exitAfter, unlessLost } from '../../stack/bounded-wait.js';
import { DevServerError } from '../../temporal/dev-server-error.js';
import { PACKAGE_ROOT } from '../../temporal/paths.js';
import { readTraffic } from '../../traffic/read-traffic.js';
import { routeTraffic } from '../../traffic/route-traffic.js';
import { DEMO_PROFILES } from '../demo-profiles.js';
import { startLocalStack } from '../local-stack.js';
import { createProgress } from '../progress.js';
import { DEFAULT_DEMO_POLICY, loadPolicy, positiveInteger } from '../shared-options.js';
import { pinnedStackPorts, withStackPortOptions } from '../stack-ports.js';
import { summarizeDemo } from '../summarize-demo.js';
import { waitForShutdownSignal } from '../wait-for-signal.js';

const DEFAULT_TRAFFIC = join(PACKAGE_ROOT, 'examples', 'traffic', 'support-inbox.jsonl');

/** `switchyard demo`: the main job — a support inbox routed end to end on an embedded Temporal. */
export function registerDemoCommand(program: Command): void {
  withStackPortOptions(program.command('demo'))
    .description('route a sample support-inbox traffic through an embedded Temporal dev server and print a scorecard')
    .option('--policy <file>', 'policy file', DEFAULT_DEMO_POLICY)
    .option('--traffic <file>', 'traffic JSONL', DEFAULT_TRAFFIC)
    .option('--concurrency <n>', 'requests in flight', positiveInteger('--concurrency'), 24)
    .option(
      '--leave-parked <n>',
      'requests left waiting for a person (the rest are resolved by a simulated reviewer)',
      positiveInteger('--leave-parked'),
      3,
    )
    .option('--keep', 'keep the dev server, worker and Web UI running after the scorecard (Ctrl-C to stop)')
    .option('--json', 'print the scorecard as JSON')
    .action(async (options) => {
      const started = Date.now();
      const policy = loadPolicy(options.policy);
      const items = readTraffic(options.traffic);
      const logger = createLogger('error');
      const say = (line: string) => {
        if (!options.json) console.log(line);
      };
      say(pc.bold(`Switchyard demo — ${items.length} support-inbox requests under policy ${policy.policy.version}`));
      say('Starting an embedded Temporal dev server, the simulated model providers and a worker…');
      const keep = options.keep ?? false;
      const stack = await startLocalStack({
        policy,
        logger,
        fakeProfiles: DEMO_PROFILES,
        ...pinnedStackPorts(options),
        headless: !keep,
        services: { reviewPage: keep, gateway: keep },
      });
      // A dev server that dies ends the demo (exit 1, its error printed whole) instead of leaving it waiting.
      let died = false;
      const lost = stack.server.unexpectedExit.then((error) => {
        died = true;
        exitAfter(2000);
        return new DevServerError(`switchyard demo stopped: ${error.message}`);
      });
      try {
        const router = new RouterClient({ client: stack.client, policy, taskQueue: stack.taskQueue });
        const [reviewerToken] = Object.entries(stack.reviewerTokens.tokens);
        const reviewer = reviewerToken ? { token: reviewerToken[0], identity: reviewerToken[1] } : null;
        const runId = new Date()
          .toISOString()
          .replace(/[-:TZ.]/g, '')
          .slice(0, 14);
        const progress = createProgress(items.length, options.json ? 'silent' : 'auto');
        const routing = routeTraffic(router, items, {
          concurrency: options.concurrency,
          requestIdPrefix: `demo-${runId}`,
          onSettled: (done) => progress.update(done),
          reviewer: (status, parkedSoFar) => {
            if (parkedSoFar < options.leaveParked || !reviewer) return null;
            // The simulated reviewer signs with its own token, as a person's review tool does.
            return signReviewDecision(
              reviewer.token,
              status.workflowId,
              status.review?.draft
                ? { reviewer: reviewer.identity, decision: 'approve-draft', note: 'demo reviewer' }
                : {
                    reviewer: reviewer.identity,
                    decision: 'reply-with-text',
                    text: 'A member of our team has looked at your request and will email you today.',
                  },
            );
          },
        });
        const outcomes = await unlessLost(routing, lost);
        progress.stop();
        const results = outcomes.flatMap((outcome) => (outcome.result ? [outcome.result] : []));
        const rows = computeScorecard(results);
        if (options.json) {
          console.log(
            JSON.stringify({
              requests: items.length,
              finished: results.length,
              parked: outcomes.length - results.length,
              scorecard: rows,
            }),
          );
        } else {
          say('');
          say(renderScorecard(rows));
          const all = rows.at(-1);
          if (all) say(`provider share of attempts: ${renderProviderShare(all)}`);
          say(summarizeDemo(outcomes, stack, Date.now() - started, options.keep ?? false));
        }
        if (options.keep) await unlessLost(waitForShutdownSignal(), lost);
      } finally {
        // After a death nothing is closed gracefully (see `dev`): the process exits.
        if (!died) await stack.stop();
      }
    });
}
