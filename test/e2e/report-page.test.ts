import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { collectRouteResults } from '../../src/report/collect-results.js';
import { type LiveReport, summarizeResults } from '../../src/report/live-report.js';
import { renderReportHtml } from '../../src/report/render-html.js';
import { type Harness, startHarness, temporalFlags } from '../support/harness.js';
import { attempt, result } from '../unit/report/fixtures.js';
import { launchChromium } from './support/browser.js';
import { runCli } from './support/run-cli.js';
import { setupOrFailEachTest } from './support/setup-or-fail-each-test.js';

/**
 * `switchyard report --format html` end to end: route a mix of fault drills on the shared dev server,
 * read them back through visibility, render the page, and check in headless Chromium that every chart
 * draws (SVG elements with a real size). The screenshot stays in the test's temp dir.
 */
const ROUTES = ['ok', 'ok', 'ok', '503', '500-once', 'content-filter', 'stream-cut'];

describe('report page (browser)', () => {
  let harness: Harness;
  let browser: Browser;
  let report: LiveReport;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-report-'));

  setupOrFailEachTest(async () => {
    browser = await launchChromium();
    harness = await startHarness({ policyFile: 'examples/policies/fault-drill.yaml' });
    const since = new Date(Date.now() - 1000);
    await Promise.all(
      ROUTES.map((route) => harness.router.route({ route, messages: [{ role: 'user', content: `drill ${route}` }] })),
    );
    // Visibility lags a moment behind the workflows.
    const deadline = Date.now() + 20_000;
    while (
      (await collectRouteResults(harness.client, { since, taskQueue: harness.taskQueue })).results.length <
      ROUTES.length
    ) {
      if (Date.now() > deadline) throw new Error('visibility did not list the routed requests in time');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const collected = await collectRouteResults(harness.client, { since, taskQueue: harness.taskQueue });
    report = summarizeResults(collected.results, {
      ...collected,
      since,
      generatedAt: new Date(),
      policy: harness.policy.policy,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('scores what visibility returns, per route and per policy version', () => {
    expect(report.requests).toBe(ROUTES.length);
    const ok = report.byRoute.find((row) => row.route === 'ok');
    expect(ok).toMatchObject({ requests: 3, successRate: 1 });
    expect(report.byRoute.find((row) => row.route === '503')?.fallbackRate).toBe(1);
    expect(report.byRoute.find((row) => row.route === 'content-filter')?.degradeRate).toBe(1);
    expect(report.byPolicyVersion.map((version) => version.policyVersion)).toEqual([harness.policy.policy.version]);
  });

  it('switchyard report --json adds provider concentration, failover readiness and budgets', async () => {
    // The drill policy plus a budget: the CLI reads declared fallbacks and budgets from the policy file. The
    // harness's worker runs the drill policy without budgets, so the budget's ledger was never started.
    const policyFile = join(dir, 'fault-drill-with-budget.yaml');
    const budget = '\nbudgets:\n  - { name: report-cap, scope: all, period: day, limitUsd: 5 }\n';
    writeFileSync(policyFile, readFileSync('examples/policies/fault-drill.yaml', 'utf8') + budget);
    const run = await runCli(['report', '--json', '--since', '10m', '--policy', policyFile, ...temporalFlags(harness)]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as LiveReport;
    expect(json.requests).toBe(ROUTES.length);
    const providers = json.providerConcentration;
    expect(providers.map((row) => row.provider).sort()).toEqual(['fake-anthropic', 'fake-openai']);
    for (const key of ['attemptShare', 'answeredShare', 'spendShare'] as const) {
      expect(providers.reduce((sum, row) => sum + row[key], 0)).toBeCloseTo(1);
    }
    // ok ×3 and the 503's fallback answer from fake-anthropic; 500-once answers from fake-openai on its retry
    expect(providers.find((row) => row.provider === 'fake-anthropic')?.answered).toBeGreaterThanOrEqual(4);
    const path = json.failoverReadiness.find((row) => row.from === 'fake-openai' && row.to === 'fake-anthropic');
    expect(path).toMatchObject({ declared: true, successRate: 1 });
    expect(path!.exercised).toBeGreaterThanOrEqual(1);
    expect(Date.parse(path!.lastExercisedAt!)).toBeGreaterThan(Date.parse(json.since));
    expect(json.budgets).toEqual([
      {
        name: 'report-cap',
        period: 'day',
        periodEnd: expect.stringMatching(/Z$/),
        spentUsd: 0,
        reservedUsd: 0,
        limitUsd: 5,
      },
    ]);
    expect(json.activePolicyVersion).toBe(harness.policy.policy.version);
  });

  it('renders every chart in headless Chromium and saves a screenshot', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReportHtml(report));
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${file}`);
    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBe(3);
    for (let index = 0; index < 3; index += 1) {
      const box = await charts.nth(index).boundingBox();
      expect(box?.width).toBeGreaterThan(100);
      expect(box?.height).toBeGreaterThan(50);
    }
    const bubble = await page.locator('g.point circle').first().boundingBox();
    expect(bubble?.width).toBeGreaterThan(0);
    expect(await page.locator('g.point').count()).toBe(5);
    expect(await page.locator('g.box rect').count()).toBe(6);
    const segment = await page.locator('rect.segment').first().boundingBox();
    expect(segment?.width).toBeGreaterThan(0);
    // per route, per policy version, provider concentration, failover readiness (the policy has no budgets),
    // segments, routing errors, ladder rungs, never fired (most drill routes got no request)
    expect(await page.locator('table').count()).toBe(8);
    expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
    const screenshot = join(dir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    await page.close();
  });
});

/**
 * A crowded report (seven routes at nearly the same cost and success, long route and provider names):
 * at a desktop and a narrow width the page must not scroll sideways, the tables must fit their column,
 * and no two point labels of the cost chart may overlap, measured with `getBBox()` in the real browser.
 * Screenshots go to the OS temp dir for a person to look at.
 */
describe('report page layout (browser)', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-report-layout-'));
  const routes = [
    'support-chat',
    'support-chat-eu',
    'summarize-long-documents',
    'classify',
    'classify-v2',
    'extract-invoice-fields',
    'faq',
  ];
  const crowded = summarizeResults(
    routes.flatMap((route, index) =>
      Array.from({ length: 3 + index }, (_, n) =>
        result({
          route,
          costUsd: 0.002 + (index % 2) * 0.0001,
          latencyMs: 100 * (n + 1) * (index + 1),
          attempts: [attempt({ provider: `provider-${index}-with-a-long-name`, costUsd: 0.002 })],
        }),
      ),
    ),
    { since: new Date(0), generatedAt: new Date(1000), running: 0, unfinished: {}, truncated: false },
  );

  setupOrFailEachTest(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [1280, 800]) {
    it(`fits ${width} px without sideways scrolling or overlapping labels`, async () => {
      const file = join(dir, 'crowded.html');
      writeFileSync(file, renderReportHtml(crowded));
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`file://${file}`);
      const overflow = await page.evaluate(() => ({
        document: document.documentElement.scrollWidth,
        window: window.innerWidth,
        tables: [...document.querySelectorAll('.table')].map((table) => table.scrollWidth - table.clientWidth),
      }));
      expect(overflow.document).toBeLessThanOrEqual(overflow.window);
      // per route, per policy version, provider concentration, segments, routing errors, ladder rungs (no fallbacks,
      // no policy: no other tables)
      expect(overflow.tables).toEqual([0, 0, 0, 0, 0, 0]);
      const labels = await page.evaluate(() => {
        const svg = document.querySelector('svg.chart') as SVGSVGElement;
        const texts = [...svg.querySelectorAll<SVGTextElement>('g.point text.label')];
        return {
          view: { width: svg.viewBox.baseVal.width, height: svg.viewBox.baseVal.height },
          boxes: texts.map((text) => {
            const { x, y, width, height } = text.getBBox();
            return { text: text.textContent, x, y, width, height };
          }),
        };
      });
      expect(labels.boxes.map((box) => box.text).sort()).toEqual([...routes].sort());
      for (const [index, box] of labels.boxes.entries()) {
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(labels.view.width);
        expect(box.y + box.height).toBeLessThanOrEqual(labels.view.height);
        for (const other of labels.boxes.slice(index + 1)) {
          const apart =
            box.x + box.width <= other.x ||
            other.x + other.width <= box.x ||
            box.y + box.height <= other.y ||
            other.y + other.height <= box.y;
          expect(apart, `${box.text} and ${other.text} overlap`).toBe(true);
        }
      }
      const screenshot = join(tmpdir(), `switchyard-report-${width}.png`);
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(10_000);
      await page.close();
    });
  }
});
