import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterSettings } from '../../src/providers/adapter-settings.js';
import { createAdapter } from '../../src/providers/create-adapter.js';
import type { ModelAdapter } from '../../src/providers/types.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/** The classifier cascade inside the workflow: policy rules, the local model trained from examples, an LLM. */
describe('classifier cascade in the workflow', () => {
  describe('support-inbox policy (rules + a model trained from its examples)', () => {
    let harness: Harness;
    beforeAll(async () => {
      const instant = { latencyMs: { p50: 5, p95: 10 } };
      harness = await startHarness({
        policyFile: 'examples/policies/support-inbox.yaml',
        fakeProfiles: { 'sim-fast': instant, 'sim-strong': instant, 'sim-private': instant },
      });
    });
    afterAll(async () => {
      if (harness) expect(await replayFailures(harness.client, harness.started)).toEqual([]);
      await harness?.stop();
    });

    it('routes a clear refund request to a person, by rule', async () => {
      const handle = await harness.router.start({
        messages: [{ role: 'user', content: 'I want a refund for order 4411' }],
      });
      await expect.poll(async () => (await handle.status()).phase, { timeout: 20_000 }).toBe('awaiting-review');
      const status = await handle.status();
      expect(status.classification).toMatchObject({ intent: 'refund', risk: 'high', source: 'rules' });
      expect(status.route).toBe('people-decide');
      await handle.resolveReview(
        harness.signDecision(handle.workflowId, { reviewer: 'reviewer@example.com', decision: 'reject' }),
      );
      await handle.result();
    });

    it('labels a request no keyword matches with the learned model', async () => {
      const result = await harness.router.route({
        messages: [{ role: 'user', content: 'tracking for my parcel is not updating' }],
      });
      expect(result.classification).toMatchObject({ intent: 'order_status', source: 'model' });
      expect(result.classification!.confidence).toBeGreaterThan(0.4);
      expect(result).toMatchObject({ route: 'routine', outcome: 'answered', model: 'fast' });
    });

    it('sends out-of-scope requests to the capable default route (bias: quality)', async () => {
      const result = await harness.router.route({
        messages: [{ role: 'user', content: 'how tall is the Eiffel tower' }],
      });
      expect(['oos', 'unknown']).toContain(result.classification!.intent);
      expect(result.route).toBe('default');
      expect(result.model).toBe('strong');
    });
  });

  describe('LLM classifier as the last step', () => {
    let harness: Harness;
    const POLICY = `
version: llm-cascade-1
defaults: { timeoutMs: 3000, deadlineMs: 10000, maxOutputTokens: 100 }
providers:
  cloud: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal] }
  private: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  cheap-judge: { provider: cloud, id: llm-judge, contextTokens: 16000, price: { inputPer1M: 0.1, outputPer1M: 0.1 } }
  answer: { provider: private, id: ok, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
intents:
  refund: { risk: high, description: the customer wants money back }
  order_status: { risk: low, keywords: [where is my order] }
classifier: { llm: { model: cheap-judge, belowConfidence: 0.5 } }
routes:
  - { name: refunds, when: { intent: refund, minConfidence: 0.6 }, primary: answer }
  - { name: default, primary: answer }
`;
    beforeAll(async () => {
      // The judge is a plain object (a fake adapter), the answering model the real fake provider over HTTP.
      const judge: ModelAdapter = {
        providerId: 'cloud',
        modelId: 'llm-judge',
        generate: async () => ({
          text: '{"intent":"refund","confidence":0.85}',
          usage: { inputTokens: 120, outputTokens: 12 },
          finishReason: { unified: 'stop', raw: 'stop' },
          model: 'llm-judge',
          latencyMs: 1,
          firstTokenMs: 1,
        }),
      };
      const adapters = (settings: AdapterSettings) =>
        settings.modelId === 'llm-judge' ? judge : createAdapter(settings);
      harness = await startHarness({ policyYaml: POLICY, activities: { createAdapter: adapters } });
    });
    afterAll(async () => {
      if (harness) expect(await replayFailures(harness.client, harness.started)).toEqual([]);
      await harness?.stop();
    });

    it('asks the LLM when rules are unsure, and routes on its label', async () => {
      const result = await harness.router.route({
        messages: [{ role: 'user', content: 'the blender broke, I would like my cash returned' }],
      });
      expect(result.classification).toMatchObject({ intent: 'refund', confidence: 0.85, source: 'llm', risk: 'high' });
      expect(result.route).toBe('refunds');
      expect(result.attempts.map((attempt) => [attempt.role, attempt.model])).toEqual([
        ['classify', 'cheap-judge'],
        ['primary', 'answer'],
      ]);
      expect(result.costUsd).toBeGreaterThan(0);
    });

    it('does not ask an LLM the data class forbids', async () => {
      const result = await harness.router.route({
        messages: [{ role: 'user', content: 'money back to card 4111 1111 1111 1111' }],
      });
      expect(result.attempts.map((attempt) => attempt.role)).toEqual(['primary']);
      expect(result.trail).toContainEqual(expect.objectContaining({ step: 'classify', outcome: 'llm-skipped' }));
    });

    it('does not ask when the rules are sure', async () => {
      const result = await harness.router.route({ messages: [{ role: 'user', content: 'where is my order 55?' }] });
      expect(result.classification?.source).toBe('rules');
      expect(result.attempts.map((attempt) => attempt.role)).toEqual(['primary']);
    });
  });
});
