import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from '../../../src/fake-provider/server.js';
import { createAdapter } from '../../../src/providers/create-adapter.js';
import { adapterFor, callError, callRequest, limits, newWorkflowId, sleep, WIRES } from './fake-harness.js';

describe.each(WIRES)('$name adapter against the fake: limits and broken streams', (wire) => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('slow-first-token: FirstTokenTimeout when the first token is later than the limit', async () => {
    const workflowId = newWorkflowId('sft');
    const error = await callError(
      adapterFor(fake, wire, 'slow-first-token:ms=400').generate(
        callRequest(workflowId),
        limits({ firstTokenTimeoutMs: 150 }),
      ),
    );
    expect(error).toMatchObject({ type: 'FirstTokenTimeout', kind: 'transient' });
    expect(fake.attempts({ workflowId })[0]?.status).toBe(200);
  });

  it('slow-first-token: succeeds within a longer limit and reports the time to first token', async () => {
    const result = await adapterFor(fake, wire, 'slow-first-token:ms=300').generate(
      callRequest(newWorkflowId('sft-ok')),
      limits({ firstTokenTimeoutMs: 5000, idleTimeoutMs: 100 }),
    );
    expect(result.finishReason.unified).toBe('stop');
    expect(result.firstTokenMs).toBeGreaterThanOrEqual(250);
  });

  it('no-response: NoResponse (the first-token limit covers waiting for headers); no status recorded', async () => {
    const workflowId = newWorkflowId('no-response');
    const error = await callError(
      adapterFor(fake, wire, 'no-response').generate(callRequest(workflowId), limits({ firstTokenTimeoutMs: 200 })),
    );
    expect(error).toMatchObject({ type: 'NoResponse', kind: 'transient' });
    expect(error.message).toBe('no response within 200 ms');
    expect(fake.attempts({ workflowId })[0]?.status).toBeNull();
  });

  it('slow headers: NoResponse, not FirstTokenTimeout, when the headers come after the first-token limit', async () => {
    const error = await callError(
      adapterFor(fake, wire, 'slow:ms=1000').generate(
        callRequest(newWorkflowId('slow-headers')),
        limits({ firstTokenTimeoutMs: 150 }),
      ),
    );
    expect(error.type).toBe('NoResponse');
  });

  it("content-policy: the vendor's 400 refusal is ContentFiltered (policy-blocked)", async () => {
    const error = await callError(
      adapterFor(fake, wire, 'content-policy').generate(callRequest(newWorkflowId('content-policy')), limits()),
    );
    expect(error).toMatchObject({ type: 'ContentFiltered', kind: 'policy-blocked', status: 400 });
  });

  it('slow: the caller signal ends the attempt as Timeout', async () => {
    const error = await callError(
      adapterFor(fake, wire, 'slow:ms=2000').generate(
        callRequest(newWorkflowId('slow')),
        limits({ signal: AbortSignal.timeout(150) }),
      ),
    );
    expect(error.type).toBe('Timeout');
  });

  it('an already aborted caller signal is a Timeout without a request', async () => {
    const workflowId = newWorkflowId('pre-aborted');
    const error = await callError(
      adapterFor(fake, wire, 'ok').generate(callRequest(workflowId), limits({ signal: AbortSignal.abort() })),
    );
    expect(error.type).toBe('Timeout');
    expect(fake.attempts({ workflowId })).toHaveLength(0);
  });

  it('stream-stall: StreamStalled after the idle limit', async () => {
    const error = await callError(
      adapterFor(fake, wire, 'stream-stall').generate(
        callRequest(newWorkflowId('stall')),
        limits({ idleTimeoutMs: 200 }),
      ),
    );
    expect(error).toMatchObject({ type: 'StreamStalled', kind: 'transient' });
  });

  it.each(['stream-cut', 'stream-cut:clean=1'])('%s: StreamTruncated, never a success', async (model) => {
    const error = await callError(adapterFor(fake, wire, model).generate(callRequest(newWorkflowId(model)), limits()));
    expect(error).toMatchObject({ type: 'StreamTruncated', kind: 'transient' });
  });

  it('malformed-chunk: MalformedResponse', async () => {
    const error = await callError(
      adapterFor(fake, wire, 'malformed-chunk').generate(callRequest(newWorkflowId('malformed')), limits()),
    );
    expect(error.type).toBe('MalformedResponse');
  });

  it('stream-error: the in-stream error event is classified by its type', async () => {
    const error = await callError(
      adapterFor(fake, wire, 'stream-error').generate(callRequest(newWorkflowId('stream-error')), limits()),
    );
    expect(error.type).toBe(wire.name === 'openai' ? 'ServerError' : 'Overloaded');
    expect(error.kind).toBe('transient');
  });

  it('flap: Overloaded while down, healthy afterwards', async () => {
    const model = `flap:down=300,latency=1`;
    const adapter = adapterFor(fake, wire, model);
    expect((await callError(adapter.generate(callRequest(newWorkflowId('flap')), limits()))).type).toBe('Overloaded');
    await sleep(350);
    expect((await adapter.generate(callRequest(newWorkflowId('flap')), limits())).finishReason.unified).toBe('stop');
  });

  it('sends the configured headers and the trace headers', async () => {
    const seen: Headers[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      seen.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    const adapter = createAdapter({
      kind: wire.kind,
      baseURL: wire.baseURL(fake),
      apiKey: 'sk-test',
      headers: { 'x-tenant': 'acme' },
      providerId: 'fake',
      modelId: 'ok',
      fetch: recordingFetch,
    });
    await adapter.generate(callRequest('wf-headers', { trace: { workflowId: 'wf-headers', attempt: 3 } }), limits());
    expect(seen).toHaveLength(1);
    expect(seen[0]?.get('x-tenant')).toBe('acme');
    expect(seen[0]?.get('x-switchyard-workflow-id')).toBe('wf-headers');
    expect(seen[0]?.get('x-switchyard-attempt')).toBe('3');
    expect(seen[0]?.get('authorization') ?? seen[0]?.get('x-api-key')).toMatch(/sk-test/);
  });
});
