import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from '../../../src/fake-provider/server.js';
import { anthropicClientFor } from '../../../src/providers/anthropic-adapter.js';
import { createAdapter } from '../../../src/providers/create-adapter.js';
import { openAIClientFor } from '../../../src/providers/openai-compatible-adapter.js';
import { callRequest, limits, newWorkflowId } from './fake-harness.js';

describe('createAdapter', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('dispatches on kind and keeps the ids', async () => {
    const openai = createAdapter({
      kind: 'openai-compatible',
      baseURL: `${fake.url}/v1`,
      providerId: 'local',
      modelId: 'ok',
    });
    const anthropic = createAdapter({ kind: 'anthropic', baseURL: fake.url, providerId: 'claude', modelId: 'ok' });
    expect([openai.providerId, openai.modelId, anthropic.providerId]).toEqual(['local', 'ok', 'claude']);
    const workflowId = newWorkflowId('dispatch');
    await openai.generate(callRequest(workflowId), limits());
    await anthropic.generate(callRequest(workflowId), limits());
    expect(fake.attempts({ workflowId }).map((attempt) => attempt.wire)).toEqual(['openai', 'anthropic']);
  });

  it('accepts an Anthropic base URL ending in /v1', async () => {
    const adapter = createAdapter({
      kind: 'anthropic',
      baseURL: `${fake.url}/v1/`,
      providerId: 'claude',
      modelId: 'ok',
    });
    expect((await adapter.generate(callRequest(newWorkflowId('v1')), limits())).finishReason.unified).toBe('stop');
  });

  it('shares one SDK client per kind, base URL, key and headers', () => {
    const base = {
      kind: 'openai-compatible' as const,
      providerId: 'p',
      modelId: 'a',
      baseURL: 'http://127.0.0.1:1/v1',
      apiKey: 'k1',
    };
    expect(openAIClientFor(base)).toBe(openAIClientFor({ ...base, modelId: 'b', providerId: 'q' }));
    expect(openAIClientFor(base)).not.toBe(openAIClientFor({ ...base, apiKey: 'k2' }));
    expect(openAIClientFor(base)).not.toBe(openAIClientFor({ ...base, headers: { 'x-a': '1' } }));
    expect(openAIClientFor({ ...base, headers: { 'x-a': '1', 'x-b': '2' } })).toBe(
      openAIClientFor({ ...base, headers: { 'x-b': '2', 'x-a': '1' } }),
    );
    expect(anthropicClientFor(base)).toBe(anthropicClientFor({ ...base, modelId: 'c' }));
    expect(anthropicClientFor(base)).not.toBe(anthropicClientFor({ ...base, baseURL: 'http://127.0.0.1:2' }));
  });

  it('rejects an Anthropic request without user or assistant messages', async () => {
    const adapter = createAdapter({ kind: 'anthropic', baseURL: fake.url, providerId: 'claude', modelId: 'ok' });
    const request = callRequest('wf', { messages: [{ role: 'system', content: 'only system' }] });
    await expect(adapter.generate(request, limits())).rejects.toMatchObject({ type: 'BadRequest' });
  });
});
