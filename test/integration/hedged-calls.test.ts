import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetPeriod, ledgerWorkflowId } from '../../src/policy/budget-period.js';
import { roundUsd } from '../../src/policy/cost.js';
import type { RouteResult } from '../../src/policy/types.js';
import { ledgerStatusQuery } from '../../workflows/budget-messages.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/** How long the slow cheap model takes to answer, ms. */
const SLOW_MS = 3000;
const RUNS = 3;

/**
 * Hedged calls on a real dev server (docs/failover.md#hedged-calls): a slow cheap model on an unsure request gets a
 * strong leg after 200 ms, which wins while the cheap call is aborted (seen at the fake provider); a fast model or a
 * certain request runs alone; both legs reserve and commit against the route's budget; histories replay. Prints the
 * time to answer with and without the hedge.
 */
describe('hedged calls', () => {
  let harness: Harness;
  const budget = `hedge-${randomUUID().slice(0, 8)}`;
  const results: RouteResult[] = [];

  beforeAll(async () => {
    harness = await startHarness({
      policyYaml: `
version: hedge-test-1
defaults: { timeoutMs: 10000, firstTokenTimeoutMs: 10000, deadlineMs: 60000, retries: 0, maxOutputTokens: 64 }
providers:
  fake: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  slowcheap: { provider: fake, id: "slow:ms=${SLOW_MS}", contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  fastcheap: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  strong: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 10, outputPer1M: 20 } }
  slowish: { provider: fake, id: "slow:ms=800", contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  slowfail: { provider: fake, id: "error:status=500,latency=800", contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  broken: { provider: fake, id: "503", contextTokens: 200000, price: { inputPer1M: 10, outputPer1M: 20 } }
intents:
  greeting: { risk: low, patterns: ["\\\\bhello\\\\b"] }
routes:
  - { name: slow, when: { metadata: { lane: slow } }, primary: slowcheap, fallbacks: [strong], hedge: { afterMs: 200 } }
  - { name: fast, when: { metadata: { lane: fast } }, primary: fastcheap, fallbacks: [strong], hedge: { afterMs: 200 } }
  - { name: unhedged, when: { metadata: { lane: unhedged } }, primary: slowcheap, fallbacks: [strong] }
  - { name: first-wins, when: { metadata: { lane: first-wins } }, primary: slowish, fallbacks: [broken], hedge: { afterMs: 200 } }
  - { name: both-fail, when: { metadata: { lane: both-fail } }, primary: slowfail, fallbacks: [broken, fastcheap], hedge: { afterMs: 200 } }
  - { name: default, primary: fastcheap }
access: { metadataKeys: [lane] }
budgets:
  - { name: ${budget}, scope: { route: slow }, period: day, limitUsd: 100 }
`,
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const ask = (lane: string, content: string) =>
    harness.router.route({ messages: [{ role: 'user', content }], metadata: { lane } });

  it('an unsure request on a slow cheap model: the strong leg starts after 200 ms and wins; the cheap call is aborted', async () => {
    const started = Date.now();
    const hedged = await Promise.all(Array.from({ length: RUNS }, (_, n) => ask('slow', `what about case ${n}`)));
    results.push(...hedged);
    for (const result of hedged) {
      expect(result.outcome).toBe('answered');
      expect(result.model).toBe('strong');
      expect(result.attempts.map(({ n, role, model, ok }) => ({ n, role, model, ok }))).toEqual([
        { n: 1, role: 'primary', model: 'slowcheap', ok: false },
        { n: 2, role: 'hedge', model: 'strong', ok: true },
      ]);
      expect(result.attempts[0]).toMatchObject({ errorType: 'Cancelled', costUsd: 0 });
      expect(result.attempts[1]!.costUsd).toBeGreaterThan(0);
      expect(result.costUsd).toBe(result.attempts[1]!.costUsd);
      const hedgeLines = result.trail.filter((entry) => entry.step === 'hedge');
      expect(hedgeLines.map((entry) => entry.outcome)).toEqual(['started', 'hedge-won']);
      expect(hedgeLines[0]!.reason).toMatch(/had not answered after 200 ms \(uncertain: confidence 0\.00 < 0\.5\)/);
      expect(hedgeLines[1]!.reason).toBe('attempt 2 hedge/strong answered first; primary/slowcheap cancelled');
      const wire = harness.fake.attempts({ workflowId: result.workflowId });
      expect(wire.map(({ model, attempt }) => ({ model, attempt }))).toEqual([
        { model: `slow:ms=${SLOW_MS}`, attempt: 1 },
        { model: 'ok', attempt: 2 },
      ]);
      expect(wire[1]!.status).toBe(200);
    }
    // Past the moment the slow model would have answered: its requests were aborted, so no response was ever sent.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + SLOW_MS + 1500 - Date.now())));
    for (const result of hedged) {
      expect(harness.fake.attempts({ workflowId: result.workflowId })[0]!.status).toBeNull();
    }
  }, 60_000);

  it('both legs reserve and commit against the budget: the ledger spent is the sum of the attempts’ costs', async () => {
    const slow = results.filter((result) => result.route === 'slow');
    const ledger = harness.client.workflow.getHandle(
      ledgerWorkflowId(budget, budgetPeriod('day', 'UTC', Date.now()).key),
    );
    await expect
      .poll(async () => (await ledger.query(ledgerStatusQuery)).openReservations, { timeout: 15_000 })
      .toBe(0);
    const status = await ledger.query(ledgerStatusQuery);
    const attempts = slow.flatMap((result) => result.attempts);
    expect(status.spentUsd).toBeCloseTo(roundUsd(attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0)), 9);
    for (const result of slow) {
      const events = (await harness.client.workflow.getHandle(result.workflowId).fetchHistory()).events ?? [];
      const scheduled = events
        .map((event) => event.activityTaskScheduledEventAttributes?.activityType?.name)
        .filter((name) => name !== undefined && name !== null);
      expect(scheduled.filter((name) => name === 'reserveBudget')).toHaveLength(2);
      expect(scheduled.filter((name) => name === 'commitBudget')).toHaveLength(2);
    }
  }, 30_000);

  it('a fast cheap model answers before the hedge is due: one attempt, no hedge leg', async () => {
    const result = await ask('fast', 'what about the quick one');
    results.push(result);
    expect(result.model).toBe('fastcheap');
    expect(result.attempts.map((attempt) => attempt.role)).toEqual(['primary']);
    expect(result.trail.some((entry) => entry.step === 'hedge')).toBe(false);
    expect(harness.fake.attempts({ workflowId: result.workflowId })).toHaveLength(1);
  }, 30_000);

  it('a certain request does not hedge, even on the slow model', async () => {
    const result = await ask('slow', 'hello there');
    results.push(result);
    expect(result.classification?.confidence).toBeGreaterThanOrEqual(0.5);
    expect(result.model).toBe('slowcheap');
    expect(result.attempts.map((attempt) => attempt.role)).toEqual(['primary']);
    expect(result.trail.find((entry) => entry.step === 'hedge')).toMatchObject({
      outcome: 'not-needed',
      reason: 'certain: confidence 0.90',
    });
    expect(harness.fake.attempts({ workflowId: result.workflowId })).toHaveLength(1);
  }, 30_000);

  it('a failed hedge leg leaves the race to the first leg, which wins when it answers', async () => {
    const result = await ask('first-wins', 'what about the slow one');
    results.push(result);
    expect(result.model).toBe('slowish');
    expect(result.attempts.map(({ n, role, model, ok }) => ({ n, role, model, ok }))).toEqual([
      { n: 1, role: 'primary', model: 'slowish', ok: true },
      { n: 2, role: 'hedge', model: 'broken', ok: false },
    ]);
    expect(result.trail.filter((entry) => entry.step === 'hedge').at(-1)).toEqual({
      step: 'hedge',
      outcome: 'first-won',
      reason: 'attempt 1 primary/slowish answered first; hedge/broken had failed',
    });
    expect(harness.fake.attempts({ workflowId: result.workflowId }).map((attempt) => attempt.status)).toEqual([
      200, 503,
    ]);
  }, 30_000);

  it('when both legs fail, the ladder goes on after the hedge leg', async () => {
    const result = await ask('both-fail', 'what about the broken one');
    results.push(result);
    expect(result.model).toBe('fastcheap');
    expect(result.attempts.map(({ n, role, model, ok }) => ({ n, role, model, ok }))).toEqual([
      { n: 1, role: 'primary', model: 'slowfail', ok: false },
      { n: 2, role: 'hedge', model: 'broken', ok: false },
      { n: 3, role: 'fallback', model: 'fastcheap', ok: true },
    ]);
    expect(result.trail.filter((entry) => entry.step === 'hedge').map((entry) => entry.outcome)).toEqual([
      'started',
      'both-failed',
    ]);
    // In arrival order: the slow failure first (its 500 comes after 800 ms), then the hedge leg, then the fallback.
    expect(harness.fake.attempts({ workflowId: result.workflowId }).map((attempt) => attempt.status)).toEqual([
      500, 503, 200,
    ]);
  }, 30_000);

  it('time to answer with and without the hedge (printed, not asserted)', async () => {
    const unhedged = await Promise.all(Array.from({ length: RUNS }, (_, n) => ask('unhedged', `what about ${n}`)));
    results.push(...unhedged);
    for (const result of unhedged) expect(result.model).toBe('slowcheap');
    const hedged = results.filter((result) => result.route === 'slow' && result.model === 'strong');
    const ms = (list: RouteResult[]) => list.map((result) => result.latencyMs).sort((a, b) => a - b);
    console.log(
      `hedged calls, slow cheap model (${SLOW_MS} ms), afterMs 200: time to answer hedged ${ms(hedged).join(', ')} ms; ` +
        `unhedged ${ms(unhedged).join(', ')} ms`,
    );
  }, 30_000);

  it('histories replay', async () => {
    expect(
      await replayFailures(
        harness.client,
        results.map((result) => result.workflowId),
      ),
    ).toEqual([]);
  }, 60_000);
});
