import type { Command } from '@commander-js/extra-typings';
import { collectRouteResults } from '../../report/collect-results.js';
import { parseSince } from '../../report/parse-since.js';
import { type Calibration, calibrateThreshold, recordedScores } from '../../router/calibrate.js';
import { readRouterModel } from '../../router/model-json.js';
import { readPromptLines } from '../../router/outcome-lines.js';
import { StrongGainScorer } from '../../router/strong-gain-model.js';
import { positiveInteger, withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';

/**
 * `switchyard router calibrate --target 0.2`: the strongGain threshold that puts the strong model first for the
 * target share of recent traffic — the scores recorded in the routing results of the window (workers whose policy
 * names `classifier.router`) — or, offline, of prompts scored with `--model`. Prints the value for
 * `routes[].strongGain.threshold`.
 */
export function registerRouterCalibrateCommand(router: Command): void {
  withTemporalOptions(
    router
      .command('calibrate')
      .description('the strongGain threshold for a target strong-first share, on recent traffic or scored prompts')
      .requiredOption('--target <share>', 'share of requests to send to the strong model first, 0..1', parseShare)
      .option('--since <duration|time>', 'window start: a duration back from now (24h, 7d) or an ISO time', '7d')
      .option('--route <name>', 'only requests this route handled (default: every route)')
      .option('--limit <n>', 'most workflows read', positiveInteger('--limit'), 5000)
      .option('--input <file>', 'offline: prompts JSONL ({"prompt"|"messages"}) scored with --model, no Temporal')
      .option('--model <file>', 'offline: router.json to score --input with')
      .option('--unsure-margin <n>', "the tier's unsureMargin, to report the share near the cut", parseShare, 0.02)
      .option('--json', 'print JSON'),
  ).action(async (options) => {
    if ((options.input === undefined) !== (options.model === undefined))
      throw new Error('--input and --model go together (offline calibration)');
    const { scores, withoutScore, source } = options.input
      ? offlineScores(options.input, options.model!)
      : await recordedTraffic(options);
    const calibration = calibrateThreshold(scores, options.target, { unsureMargin: options.unsureMargin });
    const output = { ...calibration, withoutScore, route: options.route ?? null, source };
    if (options.json) console.log(JSON.stringify(output));
    else console.log(renderCalibration(calibration, withoutScore, source));
  });
}

function offlineScores(input: string, model: string) {
  const scorer = new StrongGainScorer(readRouterModel(model));
  return { scores: readPromptLines(input).map((text) => scorer.strongGain(text)), withoutScore: 0, source: input };
}

async function recordedTraffic(options: {
  since: string;
  route?: string;
  limit: number;
  address?: string;
  namespace?: string;
  taskQueue?: string;
}) {
  const since = parseSince(options.since);
  const client = await connectClient(resolveTemporalTarget(options));
  try {
    const collected = await collectRouteResults(client, {
      since,
      limit: options.limit,
      ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}),
    });
    const recorded = recordedScores(collected.results, options.route);
    if (recorded.scores.length === 0)
      throw new Error(
        `no finished requests with a strongGain score since ${since.toISOString()}` +
          `${options.route ? ` on route ${options.route}` : ''} (does the policy name classifier.router?)`,
      );
    return { ...recorded, source: `requests since ${since.toISOString()}${collected.truncated ? ' (truncated)' : ''}` };
  } finally {
    await client.connection.close();
  }
}

function renderCalibration(calibration: Calibration, withoutScore: number, source: string): string {
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  return [
    `threshold ${calibration.threshold} for ${pct(calibration.target)} strong first: realised ${pct(calibration.realisedShareAtThreshold)} of ${calibration.requests} scores (${source})`,
    `${pct(calibration.unsureShare)} score within the unsure margin of it (there the policy's bias decides)` +
      (withoutScore > 0 ? `; ${withoutScore} requests had no score` : ''),
    `routes[].strongGain.threshold: ${calibration.threshold}`,
  ].join('\n');
}

function parseShare(value: string): number {
  const number = Number(value);
  if (!(number >= 0 && number <= 1)) throw new Error(`expected a share within 0..1, got "${value}"`);
  return number;
}
