import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from '../../../src/fake-provider/server.js';
import { assertComplete } from '../../../src/providers/assert-complete.js';
import { adapterFor, callError, callRequest, limits, newWorkflowId, WIRES } from './fake-harness.js';

describe.each(WIRES)('$name adapter against the fake: answers', (wire) => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('ok: returns the text, usage, finish reason and model, and the fake recorded the attempt', async () => {
    const workflowId = newWorkflowId('ok');
    let progress = 0;
    const result = await adapterFor(fake, wire, 'ok').generate(
      callRequest(workflowId),
      limits({ onProgress: () => progress++ }),
    );
    expect(result.text).toMatch(/simulated answer from model ok/);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: wire.name === 'openai' ? 'stop' : 'end_turn' });
    expect(result.model).toBe('ok');
    const sentChars = 'You are a support assistant.\nWhere is my order 12345?'.length;
    expect(result.usage).toEqual({
      inputTokens: Math.ceil(sentChars / 4),
      outputTokens: Math.ceil(result.text.length / 4),
    });
    expect(result.firstTokenMs).not.toBeNull();
    expect(result.latencyMs).toBeGreaterThanOrEqual(result.firstTokenMs ?? 0);
    expect(progress).toBeGreaterThan(3);
    const attempts = fake.attempts({ workflowId });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      wire: wire.name,
      path: wire.name === 'openai' ? '/v1/chat/completions' : '/v1/messages',
      model: 'ok',
      stream: true,
      workflowId,
      attempt: 1,
      status: 200,
      behaviour: 'ok',
      hasApiKey: true,
      text: 'You are a support assistant.\nWhere is my order 12345?',
    });
  });

  it('ok with json: answers one valid JSON object', async () => {
    const workflowId = newWorkflowId('json');
    const result = await adapterFor(fake, wire, 'ok').generate(callRequest(workflowId, { json: true }), limits());
    expect(JSON.parse(result.text)).toMatchObject({ model: 'ok', answer: expect.any(String) });
    if (wire.name === 'anthropic') expect(fake.attempts({ workflowId })[0]?.text).toMatch(/JSON object only/);
  });

  it('bad-json: answers prose even when JSON was requested', async () => {
    const result = await adapterFor(fake, wire, 'bad-json').generate(
      callRequest(newWorkflowId('bad-json'), { json: true }),
      limits(),
    );
    expect(() => JSON.parse(result.text)).toThrow();
    expect(result.finishReason.unified).toBe('stop');
  });

  it('no-done: a finish reason without the end marker is a complete answer', async () => {
    const result = await adapterFor(fake, wire, 'no-done').generate(callRequest(newWorkflowId('no-done')), limits());
    expect(result.finishReason.unified).toBe('stop');
    expect(result.text).toMatch(/simulated answer from model no-done/);
  });

  it('content-filter: reports the filter; assertComplete turns it into ContentFiltered', async () => {
    const result = await adapterFor(fake, wire, 'content-filter').generate(
      callRequest(newWorkflowId('filter')),
      limits(),
    );
    expect(result.finishReason).toEqual({
      unified: 'content-filter',
      raw: wire.name === 'openai' ? 'content_filter' : 'refusal',
    });
    expect(result.firstTokenMs).toBeNull();
    expect(() => assertComplete(result)).toThrowError(expect.objectContaining({ type: 'ContentFiltered' }));
  });

  it('output cap: a capped answer finishes with length; assertComplete turns it into OutputTruncated', async () => {
    const result = await adapterFor(fake, wire, 'ok').generate(
      callRequest(newWorkflowId('cap'), { maxOutputTokens: 3 }),
      limits(),
    );
    expect(result.finishReason).toEqual({ unified: 'length', raw: wire.name === 'openai' ? 'length' : 'max_tokens' });
    const error = (() => {
      try {
        assertComplete(result);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toMatchObject({ type: 'OutputTruncated', kind: 'permanent', usage: result.usage });
  });

  it('429-retry-after: RateLimited with retryAfterMs, then the retry of the same workflow succeeds', async () => {
    const workflowId = newWorkflowId('429-retry-after');
    const adapter = adapterFor(fake, wire, '429-retry-after');
    const error = await callError(adapter.generate(callRequest(workflowId), limits()));
    expect(error).toMatchObject({ type: 'RateLimited', kind: 'transient', status: 429, retryAfterMs: 1000 });
    const retry = await adapter.generate(callRequest(workflowId, { trace: { workflowId, attempt: 2 } }), limits());
    expect(retry.finishReason.unified).toBe('stop');
    const attempts = fake.attempts({ workflowId });
    expect(attempts.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [1, 429],
      [2, 200],
    ]);
    // Another request starts fresh.
    const other = await callError(adapter.generate(callRequest(newWorkflowId('429-retry-after')), limits()));
    expect(other.type).toBe('RateLimited');
  });

  it('429: always RateLimited, without retryAfterMs', async () => {
    const workflowId = newWorkflowId('429');
    const adapter = adapterFor(fake, wire, '429');
    for (let attempt = 1; attempt <= 2; attempt++) {
      const error = await callError(adapter.generate(callRequest(workflowId), limits()));
      expect(error).toMatchObject({ type: 'RateLimited', status: 429, retryAfterMs: undefined });
    }
  });

  it('500-once: ServerError, then the retry of the same workflow succeeds', async () => {
    const workflowId = newWorkflowId('500-once');
    const adapter = adapterFor(fake, wire, '500-once');
    expect(await callError(adapter.generate(callRequest(workflowId), limits()))).toMatchObject({
      type: 'ServerError',
      status: 500,
    });
    expect((await adapter.generate(callRequest(workflowId), limits())).finishReason.unified).toBe('stop');
  });

  it('500-once without a workflow id: keyed by the messages', async () => {
    const adapter = adapterFor(fake, wire, '500-once');
    const request = callRequest('unused', {
      trace: {},
      messages: [{ role: 'user', content: `hash-keyed ${wire.name} ${Math.random()}` }],
    });
    expect((await callError(adapter.generate(request, limits()))).type).toBe('ServerError');
    expect((await adapter.generate(request, limits())).finishReason.unified).toBe('stop');
  });

  it.each([
    ['503', 'Overloaded', 503],
    ['529', 'Overloaded', 529],
    ['context-length', 'ContextLengthExceeded', 400],
    ['does-not-exist', 'ModelNotFound', 404],
    ['error:status=400', 'BadRequest', 400],
    ['error:status=401', 'AuthenticationFailed', 401],
    ['error:status=403', 'PermissionDenied', 403],
    ['error:status=408', 'RequestTimeout', 408],
    ['error:status=409', 'RequestTimeout', 409],
    ['error:status=422', 'BadRequest', 422],
    ['error:status=502', 'ServerError', 502],
  ])('%s → %s', async (model, type, status) => {
    const error = await callError(adapterFor(fake, wire, model).generate(callRequest(newWorkflowId(model)), limits()));
    expect(error).toMatchObject({ type, status });
    expect(error.message).not.toMatch(/order 12345/);
  });

  it('reset-once: ConnectionError, then the retry of the same workflow succeeds', async () => {
    const workflowId = newWorkflowId('reset-once');
    const adapter = adapterFor(fake, wire, 'reset-once');
    expect((await callError(adapter.generate(callRequest(workflowId), limits()))).type).toBe('ConnectionError');
    expect((await adapter.generate(callRequest(workflowId), limits())).finishReason.unified).toBe('stop');
    expect(fake.attempts({ workflowId }).map((attempt) => attempt.status)).toEqual([null, 200]);
  });
});
