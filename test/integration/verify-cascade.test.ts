import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetPeriod, ledgerWorkflowId } from '../../src/policy/budget-period.js';
import type { RouteResult } from '../../src/policy/types.js';
import { ledgerStatusQuery } from '../../workflows/budget-messages.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/**
 * The cheap-first cascade with a verifier on a real dev server: the cheap model answers, a judge (the fake
 * provider's `judge` behaviour) or a JSON check grades it, and a failed verdict escalates to the strong model.
 * Attempts are asserted at the fake provider (cheap `ok`, strong `ok:latency=1`), reasons in the trail; histories
 * replay.
 */
describe('verifier cascade', () => {
  let harness: Harness;
  const results: RouteResult[] = [];
  /** A daily budget on the `rejects` route: the judge's attempt is reserved and committed like any other. */
  const budget = `verify-${randomUUID().slice(0, 8)}`;
  const ask = async (which: string) => {
    const result = await harness.router.route({
      messages: [{ role: 'user', content: `What is the boiling point of water at sea level? (${which})` }],
      metadata: { case: which },
    });
    results.push(result);
    return { result, sent: harness.fake.attempts({ workflowId: result.workflowId }).map((attempt) => attempt.model) };
  };

  beforeAll(async () => {
    harness = await startHarness({
      policyYaml: `
version: verify-cascade-test-1
defaults: { timeoutMs: 10000, firstTokenTimeoutMs: 10000, deadlineMs: 60000, retries: 0, maxOutputTokens: 64 }
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
  fake-anthropic: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  cheap: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  strong: { provider: fake, id: "ok:latency=1", contextTokens: 200000, price: { inputPer1M: 10, outputPer1M: 20 } }
  unsure: { provider: fake, id: "ok:confidence=0.2", contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  anthropic-cheap: { provider: fake-anthropic, id: ok, contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  judge-sampled: { provider: fake, id: "judge:pass=0.5", contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  judge-low: { provider: fake, id: "judge:score=0.4", contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  judge-high: { provider: fake, id: "judge:score=0.9", contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
access: { metadataKeys: [case] }
budgets:
  - { name: ${budget}, scope: { route: rejects }, period: day, limitUsd: 100 }
routes:
  - name: rejects
    when: { metadata: { case: rejects } }
    primary: cheap
    fallbacks: [strong]
    verify: { checks: [{ kind: judge, model: judge-low, minScore: 0.7 }] }
  - name: accepts
    when: { metadata: { case: accepts } }
    primary: cheap
    fallbacks: [strong]
    verify: { checks: [{ kind: policy, maxChars: 2000 }, { kind: judge, model: judge-high, minScore: 0.7 }] }
  - name: json
    when: { metadata: { case: json } }
    primary: cheap
    fallbacks: [strong]
    verify: { checks: [{ kind: json-schema, schema: { type: object, required: [answer] } }, { kind: judge, model: judge-high }] }
  - name: unsure
    when: { metadata: { case: unsure } }
    primary: unsure
    fallbacks: [strong]
    verify: { checks: [{ kind: min-logprob, threshold: -1.2 }] }
  - name: no-logprobs
    when: { metadata: { case: no-logprobs } }
    primary: anthropic-cheap
    fallbacks: [strong]
    verify: { checks: [{ kind: min-logprob, threshold: -1.2 }] }
  - name: sampled
    when: { metadata: { case: sampled } }
    primary: cheap
    fallbacks: [strong]
    verify: { checks: [{ kind: judge, model: judge-sampled }] }
  - { name: general, primary: cheap, fallbacks: [strong] }
`,
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('a cheap answer the judge rejects escalates to the strong model', async () => {
    const { result, sent } = await ask('rejects');
    expect(sent).toEqual(['ok', 'judge:score=0.4', 'ok:latency=1']);
    expect(result.outcome).toBe('answered');
    expect(result.model).toBe('strong');
    expect(result.answer).toContain('model ok:latency=1');
    expect(result.attempts.map((attempt) => attempt.role)).toEqual(['primary', 'judge', 'fallback']);
    const verify = result.trail.filter((entry) => entry.step === 'verify');
    expect(verify).toEqual([expect.objectContaining({ outcome: 'escalate', reason: 'judge score 0.4 < 0.7 (cheap)' })]);
    expect(result.trail.find((entry) => entry.step === 'fallback')?.reason).toContain('escalate to strong');
    // The judge's cost is the request's; the usage is the answer's.
    expect(result.costUsd).toBeCloseTo(
      result.attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0),
      8,
    );
    expect(result.usage?.outputTokens).toBe(result.attempts[2]!.outputTokens);
    const ledger = harness.client.workflow.getHandle(
      ledgerWorkflowId(budget, budgetPeriod('day', 'UTC', Date.now()).key),
    );
    const status = await ledger.query(ledgerStatusQuery);
    expect(status.spentUsd).toBeCloseTo(result.costUsd, 6);
    expect(status.reservedUsd).toBe(0);
  }, 60_000);

  it('a cheap answer the judge accepts stops there', async () => {
    const { result, sent } = await ask('accepts');
    expect(sent).toEqual(['ok', 'judge:score=0.9']);
    expect(result.model).toBe('cheap');
    expect(result.answer).toContain('model ok ');
    expect(result.usage?.outputTokens).toBe(result.attempts[0]!.outputTokens);
    const verify = result.trail.filter((entry) => entry.step === 'verify');
    expect(verify).toEqual([
      expect.objectContaining({ outcome: 'accept', reason: 'policy rules hold; judge score 0.9 ≥ 0.7 (cheap)' }),
    ]);
  }, 60_000);

  it('a failed JSON check escalates without asking the judge', async () => {
    const { result, sent } = await ask('json');
    expect(sent).toEqual(['ok', 'ok:latency=1']);
    expect(result.model).toBe('strong');
    const verify = result.trail.filter((entry) => entry.step === 'verify');
    expect(verify).toEqual([expect.objectContaining({ outcome: 'escalate', reason: 'answer is not valid JSON' })]);
  }, 60_000);

  it('a low mean token logprob escalates; a provider without logprobs skips the check', async () => {
    const unsure = await ask('unsure');
    expect(unsure.sent).toEqual(['ok:confidence=0.2', 'ok:latency=1']);
    expect(unsure.result.model).toBe('strong');
    expect(unsure.result.trail.filter((entry) => entry.step === 'verify')).toEqual([
      expect.objectContaining({ outcome: 'escalate', reason: 'mean logprob -1.609 < -1.2' }),
    ]);
    const anthropic = await ask('no-logprobs');
    expect(anthropic.sent).toEqual(['ok']);
    expect(anthropic.result.model).toBe('anthropic-cheap');
    expect(anthropic.result.trail.filter((entry) => entry.step === 'verify')).toEqual([
      expect.objectContaining({ outcome: 'accept', reason: 'min-logprob skipped: the provider gave no logprobs' }),
    ]);
  }, 60_000);

  it('a route without verify answers with the cheap model alone', async () => {
    const { result, sent } = await ask('none');
    expect(sent).toEqual(['ok']);
    expect(result.trail.some((entry) => entry.step === 'verify')).toBe(false);
  }, 60_000);

  it('end to end over many requests: every rejection and only those reach the strong model', async () => {
    const runs = await Promise.all(Array.from({ length: 24 }, () => ask('sampled')));
    let escalated = 0;
    for (const { result, sent } of runs) {
      const verdict = result.trail.find((entry) => entry.step === 'verify');
      if (verdict?.outcome === 'escalate') {
        escalated += 1;
        expect(verdict.reason).toBe('judge score 0 < 0.7 (cheap)');
        expect(sent).toEqual(['ok', 'judge:pass=0.5', 'ok:latency=1']);
        expect(result.model).toBe('strong');
      } else {
        expect(verdict).toMatchObject({ outcome: 'accept', reason: 'judge score 1 ≥ 0.7 (cheap)' });
        expect(sent).toEqual(['ok', 'judge:pass=0.5']);
        expect(result.model).toBe('cheap');
      }
    }
    expect(escalated).toBeGreaterThan(0);
    expect(escalated).toBeLessThan(runs.length);
    const cost = runs.reduce((sum, { result }) => sum + result.costUsd, 0) / runs.length;
    const strongAttempts = runs.flatMap(({ result }) =>
      result.attempts.filter((attempt) => attempt.model === 'strong'),
    );
    const strongCost = strongAttempts.reduce((sum, attempt) => sum + attempt.costUsd, 0) / strongAttempts.length;
    console.log(
      `cascade end to end: ${runs.length} requests, strong share ${(escalated / runs.length).toFixed(2)}, ` +
        `mean cost $${cost.toFixed(8)} vs a strong call $${strongCost.toFixed(8)} (${((100 * cost) / strongCost).toFixed(0)} %)`,
    );
  }, 60_000);

  it('histories replay', async () => {
    expect(
      await replayFailures(
        harness.client,
        results.map((result) => result.workflowId),
      ),
    ).toEqual([]);
  }, 60_000);
});
