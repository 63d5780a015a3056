import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteResult } from '../../src/policy/types.js';
import { collectRouteResults } from '../../src/report/collect-results.js';
import type { StrongShareRow } from '../../src/report/strong-share.js';
import type { Calibration } from '../../src/router/calibrate.js';
import { writeRouterModel } from '../../src/router/model-json.js';
import { StrongGainScorer, trainStrongGain } from '../../src/router/strong-gain-model.js';
import { runCli } from '../e2e/support/run-cli.js';
import { type Harness, startHarness, temporalFlags } from '../support/harness.js';

/** Ten topics of rising difficulty: the weak model fails topic k on k of every 9 items, the strong one never. */
const TOPICS = [
  'say hello to the team',
  'what is the capital of france',
  'translate the word house',
  'summarise this short note',
  'sort these three numbers',
  'explain why the sky is blue',
  'a train leaves at noon how far',
  'find the bug in this loop',
  'derive the closed form of the recurrence',
  'prove that the series converges',
];

function outcomes() {
  return Array.from({ length: 900 }, (_, n) => {
    const level = n % 10;
    const item = Math.floor(n / 10);
    return { text: `${TOPICS[level]} item ${n}`, weakCorrect: item % 9 >= level, strongCorrect: true };
  });
}

const policyYaml = (router: string) => `
version: strong-gain-calibrate-1
defaults: { timeoutMs: 10000, firstTokenTimeoutMs: 10000, deadlineMs: 60000, retries: 0, maxOutputTokens: 64, bias: cost }
providers:
  fake: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  cheap: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  strong: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 10, outputPer1M: 20 } }
classifier: { router: ${JSON.stringify(router)} }
routes:
  - { name: general, primary: cheap, fallbacks: [strong], strongGain: { model: strong, threshold: 0.3, unsureMargin: 0 } }
`;

/**
 * Calibration and drift on recorded histories (real dev server): ~20 requests routed on a worker whose policy names a
 * router trained here; `router calibrate` reads the scores back from the results and picks the threshold for half
 * of them; `report` shows the tier's realised strong-first share against the share its threshold aims at.
 */
describe('router calibrate and the report’s strong-first share', () => {
  let harness: Harness;
  let policyFile: string;
  let scorer: StrongGainScorer;
  const results: RouteResult[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-calibrate-'));
    const router = join(dir, 'router.json');
    const model = trainStrongGain(outcomes());
    writeRouterModel(router, model);
    scorer = new StrongGainScorer(model);
    policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, policyYaml(router));
    harness = await startHarness({ policyFile });
    const ask = (content: string) => harness.router.route({ messages: [{ role: 'user', content }] });
    results.push(
      ...(await Promise.all(Array.from({ length: 20 }, (_, n) => ask(`${TOPICS[n % 10]} item ${9000 + n}`)))),
    );
  }, 120_000);
  afterAll(async () => {
    await harness?.stop();
  });

  it('records a spread of strongGain scores, strong first at or above the threshold', async () => {
    // Visibility is eventually consistent: wait until every request is listed with its result.
    await expect
      .poll(
        async () =>
          (
            await collectRouteResults(harness.client, {
              since: new Date(Date.now() - 3_600_000),
              taskQueue: harness.taskQueue,
            })
          ).results.length,
        { timeout: 20_000 },
      )
      .toBe(20);
    const scores = results.map((result) => result.classification?.strongGain?.score);
    expect(scores.every((score) => typeof score === 'number')).toBe(true);
    expect(new Set(scores).size).toBeGreaterThanOrEqual(10);
    for (const result of results)
      expect(result.model).toBe(result.classification!.strongGain!.score >= 0.3 ? 'strong' : 'cheap');
  }, 30_000);

  it('calibrates to a target share on the recorded scores', async () => {
    const run = await runCli([
      'router',
      'calibrate',
      '--target',
      '0.5',
      '--json',
      '--since',
      '1h',
      '--route',
      'general',
      ...temporalFlags(harness),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const calibration = JSON.parse(run.stdout) as Calibration & { withoutScore: number; route: string };
    expect(calibration).toMatchObject({ target: 0.5, requests: 20, withoutScore: 0, route: 'general' });
    expect(Math.abs(calibration.realisedShareAtThreshold - 0.5)).toBeLessThanOrEqual(0.05);
    // The printed threshold splits the recorded traffic as it says.
    const atOrAbove = results.filter((result) => result.classification!.strongGain!.score >= calibration.threshold);
    expect(atOrAbove.length / 20).toBe(calibration.realisedShareAtThreshold);

    const text = await runCli(['router', 'calibrate', '--target', '0.5', '--since', '1h', ...temporalFlags(harness)]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`routes[].strongGain.threshold: ${calibration.threshold}`);
  }, 60_000);

  it('the report shows target, realised strong-first share and drift for the tier', async () => {
    const run = await runCli(['report', '--json', '--since', '1h', '--policy', policyFile, ...temporalFlags(harness)]);
    expect(run.code, run.stderr).toBe(0);
    const { strongShare } = JSON.parse(run.stdout) as { strongShare: StrongShareRow[] };
    const realised = results.filter((result) => result.model === 'strong').length / 20;
    const target = 1 - scorer.rank(0.3);
    expect(strongShare).toHaveLength(1);
    expect(strongShare[0]).toMatchObject({ route: 'general', threshold: 0.3, requests: 20, realised });
    expect(strongShare[0]!.target).toBeCloseTo(target, 9);
    expect(strongShare[0]!.drift).toBeCloseTo(realised - target, 9);

    const table = await runCli(['report', '--since', '1h', '--policy', policyFile, ...temporalFlags(harness)]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('strong-first share');
    expect(table.stdout).toMatch(/general\s+│\s+[\d.]+%\s+│\s+0\.3\s+│\s+[\d.]+%\s+│\s+20\s+│/);
  }, 60_000);
});
