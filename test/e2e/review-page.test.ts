import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { reviewerPublicKeysOf } from '../../src/auth/reviewer-keys.js';
import { type ReviewServer, startReviewServer } from '../../src/review/server.js';
import { generateReviewerTokens } from '../../src/review/tokens.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';
import { launchChromium } from './support/browser.js';
import { setupOrFailEachTest } from './support/setup-or-fail-each-test.js';

/** The review page in a real headless Chromium, against a parked request on the shared dev server. */
describe('review page (browser)', () => {
  let harness: Harness;
  let server: ReviewServer;
  let browser: Browser;
  const tokens = generateReviewerTokens(['reviewer@example.com']);
  const token = Object.keys(tokens)[0]!;

  setupOrFailEachTest(async () => {
    browser = await launchChromium();
    harness = await startHarness({
      policyFile: 'examples/policies/fault-drill.yaml',
      reviewerKeys: reviewerPublicKeysOf(tokens),
    });
    server = await startReviewServer({ client: harness.client, router: harness.router, reviewers: tokens, port: 0 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (harness) expect(await replayFailures(harness.client, harness.started)).toEqual([]);
    await harness?.stop();
  });

  it('refuses actions and pages without a valid session', async () => {
    const post = await fetch(`${server.url}/requests/route-anything/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=reject',
    });
    expect(post.status).toBe(401);
    const page = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/login/);
    const badLogin = await fetch(`${server.url}/login?token=not-a-real-token-at-all`, { redirect: 'manual' });
    expect(badLogin.status).toBe(401);
    expect(badLogin.headers.get('set-cookie')).toBeNull();
  });

  it('signs in with a token, shows the validator refusal, approves the draft, and the request ends reviewed', async () => {
    const text = 'Refund <b>order 1234</b> & tell me when.';
    const handle = await harness.router.start({ route: 'review-always', messages: [{ role: 'user', content: text }] });
    await expect.poll(async () => (await handle.status()).phase, { timeout: 15_000 }).toBe('awaiting-review');

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('input[name="token"]', token);
    await page.click('button[type="submit"]');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.value).not.toContain(token);
    expect(await page.textContent('header .who')).toContain('reviewer@example.com');

    // The queue comes from visibility, which lags a moment behind the workflow.
    const row = page.locator(`tr[data-workflow-id="${handle.workflowId}"]`);
    await expect
      .poll(
        async () => {
          await page.goto(`${server.url}/?route=review-always`);
          return row.count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    expect(await row.textContent()).toContain('review-always');

    await row.locator('a').click();
    await page.waitForSelector('.message');
    expect(await page.textContent('.message')).toContain(text); // shown as text, not markup
    expect(await page.locator('.message b').count()).toBe(0);
    expect(await page.textContent('.draft')).toContain('simulated answer');

    // An empty reply: the workflow's validator refuses it and the page says why.
    const reply = page.locator('form[data-decision="reply-with-text"]');
    await reply.locator('textarea[name="text"]').fill('');
    await reply.locator('button[type="submit"]').click();
    await page.waitForSelector('.refusal-message');
    expect(await page.textContent('h1')).toBe('Decision refused');
    expect(await page.textContent('.refusal-message')).toBe('text: required for reply-with-text');

    await page.click('text=Back to the request');
    const approve = page.locator('form[data-decision="approve-draft"]');
    // A forged identity field is ignored: the reviewer is whoever the session's token belongs to.
    await approve.evaluate((form) => {
      const forged = document.createElement('input');
      forged.type = 'hidden';
      forged.name = 'reviewer';
      forged.value = 'mallory@example.com';
      form.append(forged);
    });
    await approve.locator('button[type="submit"]').click();
    await page.waitForSelector('[role="status"]');
    expect(await page.textContent('[role="status"]')).toContain('approve-draft');
    expect(await page.textContent('[role="status"]')).toContain('reviewer@example.com');

    await page.click('text=See the finished result');
    await page.waitForSelector('.outcome', { timeout: 30_000 });
    expect(await page.textContent('.outcome')).toBe('reviewed');
    expect(await page.textContent('.reviewer')).toBe('reviewer@example.com');
    await context.close();

    const result = await handle.result();
    expect(result.outcome).toBe('reviewed');
    expect(result.review).toMatchObject({ reviewer: 'reviewer@example.com', decision: 'approve-draft' });
    expect(result.trail).toContainEqual(
      expect.objectContaining({ step: 'review', reason: 'approve-draft by reviewer@example.com' }),
    );
  }, 120_000);
});
