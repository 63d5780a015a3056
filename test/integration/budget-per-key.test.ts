import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetStatus } from '../../src/budget/budget-status.js';
import { credentialPublicKey } from '../../src/policy/signatures.js';
import type { RouteResult } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const tag = randomUUID().slice(0, 8);
const CREDENTIAL = `per-key-caller-${randomUUID()}`;

/** `ok` at 3 / 15 USD per 1M tokens with 64 output tokens: a worst case of about $0.001 per attempt. */
const POLICY = `
version: budget-per-key-test-1
defaults: { timeoutMs: 10000, firstTokenTimeoutMs: 10000, deadlineMs: 60000, retries: 0, maxOutputTokens: 64 }
providers:
  fake: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 3, outputPer1M: 15 } }
routes:
  - { name: default, primary: ok }
budgets:
  - name: per-caller-${tag}
    scope: { caller: '*' }
    period: day
    limitUsd: 0.0015
    onExhausted: reject
`;

/** A `{caller: '*'}` budget keeps one ledger per caller: one caller's spend never uses up another's cap. */
describe('per-caller budgets', () => {
  let harness: Harness;
  const results: RouteResult[] = [];

  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY, callerKeys: { drills: credentialPublicKey(CREDENTIAL) } });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('each caller has its own cap; the refusal names the caller’s ledger', async () => {
    const ask = (index: number) => ({ messages: [{ role: 'user' as const, content: `hello ${index}` }] });
    const drills = { name: 'drills', credential: CREDENTIAL };
    for (let index = 0; index < 4; index += 1) results.push(await harness.router.route(ask(index), { caller: drills }));
    const outcomes = results.map((result) => result.outcome);
    expect(outcomes.slice(0, 2)).toEqual(['answered', 'answered']);
    expect(outcomes.at(-1)).toBe('rejected');
    const refusal = results.at(-1)!.trail.find((entry) => entry.step === 'budget');
    expect(refusal?.reason).toContain(`budget per-caller-${tag}[drills] exhausted`);
    // Anonymous requests count on their own ledger: drills' spend does not refuse them.
    const anonymous = await harness.router.route(ask(99));
    expect(anonymous.outcome).toBe('answered');
    results.push(anonymous);

    const policyBudgets = harness.policy.policy.budgets ?? [];
    await expect
      .poll(async () => (await budgetStatus(harness.client, policyBudgets)).map((row) => row.key), { timeout: 15_000 })
      .toEqual(['drills', '~anonymous']);
    const rows = await budgetStatus(harness.client, policyBudgets);
    const answeredCost = results
      .filter((result) => result.outcome === 'answered' && result.trail.some((e) => e.reason.includes('drills')))
      .reduce((sum, result) => sum + result.costUsd, 0);
    expect(rows[0]!.spentUsd).toBeLessThanOrEqual(0.0015);
    expect(rows[0]!.spentUsd).toBeGreaterThan(answeredCost - 1e-9);
    expect(rows[0]!.ledger).toBe(`budget-per-caller-${tag}:drills/${rows[0]!.periodKey}`);
    expect(rows[1]).toMatchObject({ key: '~anonymous', name: `per-caller-${tag}`, scope: 'caller=*' });
    expect(
      await replayFailures(
        harness.client,
        results.map((result) => result.workflowId),
      ),
    ).toEqual([]);
  }, 90_000);
});
