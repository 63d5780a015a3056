import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouterClient } from '../../src/client/router-client.js';
import { parsePolicyText } from '../../src/config/load-policy.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * Policy-blocked means what the README says: a request a provider refused on content grounds is seen by no
 * other model — not a retry, not a fallback, not a draft for the reviewer — unless the policy opts into a draft
 * (`review.when.draftOnPolicyBlocked`). Before the change, `onPolicyBlocked: review` asked the draft model.
 */
const policyYaml = (draftOnPolicyBlocked: boolean, version: string) => `
version: ${version}
defaults: { timeoutMs: 3000, deadlineMs: 10000 }
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  filtered: { provider: fake, id: content-filter, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 2 } }
  writer: { provider: fake, id: ok, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 2 } }
routes:
  - name: default
    primary: filtered
    fallbacks: [writer]
review:
  reviewers: [reviewer@example.com]
  draftModels: [writer]
  when: { onPolicyBlocked: true, draftOnPolicyBlocked: ${draftOnPolicyBlocked} }
`;

describe('policy-blocked requests', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      policyYaml: policyYaml(false, 'blocked-1'),
      extraPolicies: [parsePolicyText(policyYaml(true, 'blocked-opt-in-1'), '/virtual/opt-in.yaml', 'opt-in.yaml')],
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('go to a person without any other model seeing them (no retry, no fallback, no draft)', async () => {
    const handle = await harness.router.start({ messages: [{ role: 'user', content: 'something the filter blocks' }] });
    await expect.poll(async () => (await handle.status()).phase, { timeout: 15_000 }).toBe('awaiting-review');
    const status = await handle.status();
    expect(status.review?.draft).toBeNull();
    expect(status.trail).toContainEqual(
      expect.objectContaining({
        step: 'review',
        outcome: 'no-draft',
        reason: expect.stringContaining('draftOnPolicyBlocked'),
      }),
    );
    const wire = harness.fake.attempts({ workflowId: handle.workflowId }).map((attempt) => attempt.model);
    expect(wire).toEqual(['content-filter']);
    await handle.cancel();
  });

  it('get a draft only when the policy opts in, and the trail says which model wrote it', async () => {
    const router = new RouterClient({
      client: harness.client,
      taskQueue: harness.taskQueue,
      policyVersion: 'blocked-opt-in-1',
    });
    const handle = await router.start({ messages: [{ role: 'user', content: 'something the filter blocks' }] });
    await expect.poll(async () => (await handle.status()).phase, { timeout: 15_000 }).toBe('awaiting-review');
    const status = await handle.status();
    expect(status.review?.draftModel).toBe('writer');
    const wire = harness.fake.attempts({ workflowId: handle.workflowId }).map((attempt) => attempt.model);
    expect(wire).toEqual(['content-filter', 'ok']);
    await handle.cancel();
  });
});
