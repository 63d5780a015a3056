import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaStatus as readQuotaStatus } from '../../src/budget/quota-status.js';
import { budgetPeriod, ledgerWorkflowId } from '../../src/policy/budget-period.js';
import { credentialPublicKey } from '../../src/policy/signatures.js';
import type { RouteResult } from '../../src/policy/types.js';
import { quotaStatusQuery } from '../../workflows/quota-messages.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const tag = randomUUID().slice(0, 8);
const CREDENTIAL = `quota-caller-${randomUUID()}`;

/** Premium and gold at 10× the price of `ok`, burst at 1000×; all on one fake provider. */
const POLICY = `
version: quota-spike-test-1
defaults: { timeoutMs: 10000, firstTokenTimeoutMs: 10000, deadlineMs: 60000, retries: 0, maxOutputTokens: 64 }
providers:
  fake: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 3, outputPer1M: 15 } }
  premium: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 30, outputPer1M: 150 } }
  gold: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 30, outputPer1M: 150 } }
  burst: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 3000, outputPer1M: 15000 } }
access:
  metadataKeys: [lane]
routes:
  - { name: support, when: { metadata: { lane: support } }, primary: premium, fallbacks: [ok] }
  - { name: vip, when: { metadata: { lane: vip } }, primary: gold, fallbacks: [ok] }
  - { name: chat, when: { metadata: { lane: chat } }, primary: burst, fallbacks: [ok] }
  - { name: critical, when: { metadata: { lane: critical } }, primary: burst, fallbacks: [ok], critical: true }
  - { name: default, primary: ok }
quotas:
  - name: premium-share-${tag}
    scope: { route: support }
    target: { model: premium }
    maxShare: 0.2
  - name: premium-per-caller-${tag}
    scope: { caller: '*' }
    target: { model: gold }
    maxRequests: 2
budgets:
  - name: spike-${tag}
    scope: { model: burst }
    period: month
    limitUsd: 100
    spike: { windowMinutes: 2, factor: 1 }
`;

const ask = (lane: string, content: string) => ({ metadata: { lane }, messages: [{ role: 'user' as const, content }] });

/**
 * Quotas and spike throttling on a real dev server: a route's premium share holds within one request of its quota
 * (sequential and concurrent), a caller's premium use is capped per caller, and a spend spike steps non-critical
 * routes down a tier while a critical route keeps its model. Histories replay.
 */
describe('quotas and spike throttling', () => {
  let harness: Harness;
  const results: RouteResult[] = [];

  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY, callerKeys: { drills: credentialPublicKey(CREDENTIAL) } });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const quotaStatus = (name: string, key = '') =>
    harness.client.workflow
      .getHandle(ledgerWorkflowId(name, budgetPeriod('day', 'UTC', Date.now()).key, key, 'quota'))
      .query(quotaStatusQuery);

  it('premium ≤ 20 % of a route’s requests, within one request of the share, sequential then concurrent', async () => {
    const sequential: RouteResult[] = [];
    for (let index = 0; index < 20; index += 1)
      sequential.push(await harness.router.route(ask('support', `question ${index}`)));
    const premium = sequential.filter((result) => result.model === 'premium').length;
    expect(premium).toBe(4); // floor(0.2 × 20): the share is reached exactly, never passed
    const refused = sequential.filter((result) => result.model === 'ok');
    expect(refused.every((result) => result.outcome === 'answered')).toBe(true);
    const entry = refused[0]!.trail.find((item) => item.step === 'quota');
    expect(entry).toMatchObject({ outcome: 'cheaper' });
    expect(entry!.reason).toContain(`quota premium-share-${tag}`);
    expect(entry!.reason).toContain('max 20 %');
    // The over-quota request never reached the premium model.
    expect(harness.fake.attempts({ workflowId: refused[0]!.workflowId }).length).toBe(1);

    const concurrent = await Promise.all(
      Array.from({ length: 30 }, (_, index) => harness.router.route(ask('support', `burst ${index}`))),
    );
    results.push(...sequential, ...concurrent);
    const status = await quotaStatus(`premium-share-${tag}`);
    expect(status.totalRequests).toBe(50);
    const premiumAll = results.filter((result) => result.model === 'premium').length;
    expect(status.targetRequests).toBe(premiumAll);
    expect(premiumAll).toBeLessThanOrEqual(0.2 * 50);
    expect(premiumAll).toBeGreaterThanOrEqual(0.2 * 50 - 1);
  }, 120_000);

  it('a caller cannot force the premium tier past its own limit; each caller has its own', async () => {
    const drills = { name: 'drills', credential: CREDENTIAL };
    const verified: RouteResult[] = [];
    for (let index = 0; index < 4; index += 1)
      verified.push(await harness.router.route(ask('vip', `vip ${index}`), { caller: drills }));
    expect(verified.map((result) => result.model)).toEqual(['gold', 'gold', 'ok', 'ok']);
    expect(verified[2]!.trail.find((item) => item.step === 'quota')?.reason).toContain(
      `quota premium-per-caller-${tag}[drills]: 2 requests this period, max 2`,
    );
    // Anonymous callers share one other ledger: their limit is not used up by drills.
    const anonymous = await harness.router.route(ask('vip', 'anonymous vip'));
    expect(anonymous.model).toBe('gold');
    expect((await quotaStatus(`premium-per-caller-${tag}`, 'drills')).targetRequests).toBe(2);
    // `quota status` lists one row per caller, found through visibility.
    const quotas = harness.policy.policy.quotas ?? [];
    await expect
      .poll(async () => (await readQuotaStatus(harness.client, quotas)).map((row) => `${row.name}[${row.key}]`), {
        timeout: 15_000,
      })
      .toEqual([
        `premium-share-${tag}[null]`,
        `premium-per-caller-${tag}[drills]`,
        `premium-per-caller-${tag}[~anonymous]`,
      ]);
    const rows = await readQuotaStatus(harness.client, quotas);
    expect(rows[0]).toMatchObject({ target: 'model=premium', measure: 'requests', maxShare: 0.2, totalRequests: 50 });
    expect(rows[1]).toMatchObject({ key: 'drills', targetRequests: 2, maxRequests: 2, refused: 2 });
    results.push(...verified, anonymous);
  }, 60_000);

  it('a spend spike steps non-critical routes down a tier; a critical route keeps its model', async () => {
    const first = await harness.router.route(ask('chat', 'first'));
    expect(first.model).toBe('burst');
    // One burst answer costs far above the pace of $100 a month (factor 1, 2-minute window): a spike.
    const chat: RouteResult[] = [];
    for (let index = 0; index < 3; index += 1) chat.push(await harness.router.route(ask('chat', `chat ${index}`)));
    expect(chat.map((result) => result.model)).toEqual(['ok', 'ok', 'ok']);
    const throttle = chat[0]!.trail.find((item) => item.step === 'budget');
    expect(throttle).toMatchObject({ outcome: 'throttle' });
    expect(throttle!.reason).toMatch(/budget spike-\w+ spend spike: \$[\d.]+ in the last 2 min > \$[\d.]+/);
    const critical = await harness.router.route(ask('critical', 'urgent'));
    expect(critical.model).toBe('burst');
    expect(critical.trail.some((item) => item.outcome === 'throttle')).toBe(false);
    results.push(first, ...chat, critical);
  }, 60_000);

  it('histories replay', async () => {
    const ids = results.slice(0, 12).map((result) => result.workflowId);
    expect(await replayFailures(harness.client, ids)).toEqual([]);
  }, 60_000);
});
