import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { reviewerPublicKeysOf } from '../../src/auth/reviewer-keys.js';
import { type ReviewServer, startReviewServer } from '../../src/review/server.js';
import { generateReviewerTokens } from '../../src/review/tokens.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';
import { launchChromium } from './support/browser.js';
import { setupOrFailEachTest } from './support/setup-or-fail-each-test.js';

/** A JSON route whose model answers prose; the only draft model answers 503: no draft, and the failed answers. */
const POLICY = `
version: review-packet-page-1
defaults: { timeoutMs: 3000, firstTokenTimeoutMs: 3000, deadlineMs: 20000, retries: 1, retryDelayMs: 50, maxOutputTokens: 128 }
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  bad-json: { provider: fake, id: bad-json, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  draft-503: { provider: fake, id: '503', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
routes:
  - name: json-answer
    primary: bad-json
    responseFormat: { type: json }
review:
  reviewers: [reviewer@example.com]
  draftModels: [draft-503]
  when: { onExhausted: true }
circuitBreaker: { enabled: false }
`;

/** The review page shows the packet: every failed answer's text and error, and why there is no draft. */
describe('review page: the review packet (browser)', () => {
  let harness: Harness;
  let server: ReviewServer;
  let browser: Browser;
  const tokens = generateReviewerTokens(['reviewer@example.com']);
  const token = Object.keys(tokens)[0]!;

  setupOrFailEachTest(async () => {
    browser = await launchChromium();
    harness = await startHarness({ policyYaml: POLICY, reviewerKeys: reviewerPublicKeysOf(tokens) });
    server = await startReviewServer({ client: harness.client, router: harness.router, reviewers: tokens, port: 0 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (harness) expect(await replayFailures(harness.client, harness.started)).toEqual([]);
    await harness?.stop();
  });

  it('shows each failed answer as text with its error, and why the draft is missing', async () => {
    const handle = await harness.router.start({ messages: [{ role: 'user', content: 'my order as JSON please' }] });
    await expect.poll(async () => (await handle.status()).phase, { timeout: 20_000 }).toBe('awaiting-review');
    const { review } = await handle.status();
    expect(review?.draft).toBeNull();
    expect(review?.draftMissing).toMatch(/every draft model allowed failed .*draft-503: Overloaded/);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('input[name="token"]', token);
    await page.click('button[type="submit"]');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    await page.goto(`${server.url}/requests/${encodeURIComponent(handle.workflowId)}`);
    await page.waitForSelector('[data-testid="failed-output"]');

    expect(await page.textContent('[data-testid="draft-missing"]')).toContain(review!.draftMissing!);
    const shown = page.locator('[data-testid="failed-output"]');
    const failed = review!.failedOutputs!;
    expect(await shown.count()).toBe(failed.length);
    const first = failed.find((output) => output.model === 'bad-json')!;
    const firstShown = shown.nth(failed.indexOf(first));
    expect(await firstShown.locator('.draft').textContent()).toBe(first.text);
    expect(await firstShown.textContent()).toContain(first.error);
    await context.close();

    const decision = { reviewer: 'reviewer@example.com', decision: 'reject' as const };
    const { signReviewDecision } = await import('../../src/review/submit.js');
    await handle.resolveReview(signReviewDecision(token, handle.workflowId, decision));
    expect((await handle.result()).outcome).toBe('reviewed');
  }, 120_000);
});
