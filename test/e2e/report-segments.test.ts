import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectRouteResults } from '../../src/report/collect-results.js';
import type { LiveReport } from '../../src/report/live-report.js';
import { type Harness, startHarness, temporalFlags } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';
import { runCli } from './support/run-cli.js';
import { setupOrFailEachTest } from './support/setup-or-fail-each-test.js';

/**
 * Lifecycle and segments end to end (docs/policy-rollout.md#lifecycle-and-segments): requests in German and
 * English on the shared dev server, routed by `when.locale` and intent keywords, then read back by the real
 * `switchyard report --json`: segments per locale, what never fired, the deprecated route's traffic.
 */
const POLICY = `
version: segments-1
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake, id: ok, contextTokens: 16000, price: { inputPer1M: 3, outputPer1M: 15 } }
  cheap: { provider: fake, id: ok, contextTokens: 16000, price: { inputPer1M: 0.1, outputPer1M: 0.4 } }
intents:
  order_status: { risk: low, keywords: [order, Bestellung, commande], patterns: ['tracking number'] }
  refund: { risk: medium, keywords: [refund, Rückerstattung] }
routes:
  - { name: german, when: { locale: de }, primary: ok, owner: dach-support }
  - { name: legacy-faq, when: { intent: order_status }, primary: cheap, stage: deprecated, owner: support }
  - { name: unused, when: { risk: high }, primary: ok, stage: experimental }
  - { name: default, primary: ok }
review: { reviewers: [alice@example.com], when: { risk: [high] } }
`;
const TEXTS = [
  'Wo ist meine Bestellung? Sie sollte gestern ankommen, aber ich habe nichts bekommen.',
  'Ich hätte gerne eine Rückerstattung für die kaputte Lampe, die ich letzte Woche gekauft habe.',
  'Where is my order? It should have arrived yesterday but nothing came.',
  'My order still shows as processing after a week, can you check it?',
  'Can I get a refund for the broken lamp I bought last week?',
];

describe('report lifecycle and segments (dev server, CLI)', () => {
  let harness: Harness;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-segments-'));
  const policyFile = join(dir, 'segments.yaml');
  writeFileSync(policyFile, POLICY);

  setupOrFailEachTest(async () => {
    harness = await startHarness({ policyYaml: POLICY });
    const since = new Date(Date.now() - 1000);
    await Promise.all(TEXTS.map((content) => harness.router.route({ messages: [{ role: 'user', content }] })));
    const deadline = Date.now() + 20_000;
    while ((await collectRouteResults(harness.client, { since, taskQueue: harness.taskQueue })).results.length < 5) {
      if (Date.now() > deadline) throw new Error('visibility did not list the routed requests in time');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('policy check warns on the deprecated route', async () => {
    const run = await runCli(['policy', 'check', policyFile]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('route "legacy-faq" is deprecated (owner support)');
  });

  it('switchyard report --json: locale segments, never fired, deprecated traffic, reroute rate', async () => {
    const run = await runCli(['report', '--json', '--since', '10m', '--policy', policyFile, ...temporalFlags(harness)]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as LiveReport;
    expect(json.requests).toBe(5);
    expect(json.byRoute.map((row) => [row.route, row.requests])).toEqual([
      ['german', 2],
      ['legacy-faq', 2],
      ['default', 1],
      ['all', 5],
    ]);
    expect(Object.keys(json.segments.locale).sort()).toEqual(['de', 'en']);
    expect(json.segments.locale.de).toMatchObject({ requests: 2, successRate: 1, reviewRate: 0 });
    expect(json.segments.locale.en).toMatchObject({ requests: 3, successRate: 1 });
    expect(json.segments.policyVersion['segments-1']?.requests).toBe(5);
    expect(Object.keys(json.segments.intent).sort()).toEqual(['order_status', 'refund']);
    expect(json.segments.caller['(anonymous)']?.requests).toBe(5);
    expect(json.neverFired).toEqual([
      { kind: 'route', name: 'unused' },
      { kind: 'keyword', name: 'commande', intent: 'order_status' },
      { kind: 'pattern', name: 'tracking number', intent: 'order_status' },
      { kind: 'review-rule', name: 'risk=high' },
    ]);
    expect(json.neverFiredNote).toMatch(/re-run over the 5 request texts/);
    expect(json.deprecatedWithTraffic).toEqual([{ route: 'legacy-faq', requests: 2 }]);
    expect(json.rerouteRate).toBe(0);
    expect(json.routingErrors.quality).toMatchObject({ count: 0, rate: 0 });
    expect(json.routingErrors.cost).toEqual({ count: 0, rate: 0 });
  });

  it('the terminal report shows the new sections', async () => {
    const run = await runCli(['report', '--since', '10m', '--policy', policyFile, ...temporalFlags(harness)]);
    expect(run.code, run.stderr).toBe(0);
    for (const heading of ['segments', 'routing errors', 'never fired', 'deprecated routes']) {
      expect(run.stdout).toContain(`\n${heading}`);
    }
    expect(run.stdout).toMatch(/│ locale +│ de +│ 2 +│/);
  });

  it('the histories, with the locale-segments marker, replay against the current workflow code', async () => {
    expect(await replayFailures(harness.client, harness.started)).toEqual([]);
  });
});
