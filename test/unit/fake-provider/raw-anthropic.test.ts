import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from '../../../src/fake-provider/server.js';
import { parseSse, postJson } from './sse.js';

describe('fake provider, Anthropic wire over plain HTTP', () => {
  let fake: FakeProvider;
  let endpoint: string;
  beforeAll(async () => {
    fake = await startFakeProvider();
    endpoint = `${fake.url}/v1/messages`;
  });
  afterAll(() => fake.close());
  const request = { max_tokens: 200, messages: [{ role: 'user', content: 'Hello there, can you help?' }] };

  it('non-stream: a well-formed message', async () => {
    const response = await postJson(endpoint, { ...request, model: 'ok', system: 'Be brief.' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'ok',
      content: [{ type: 'text', text: expect.any(String) }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: Math.ceil('Be brief.\nHello there, can you help?'.length / 4),
        output_tokens: expect.any(Number),
      },
    });
  });

  it('stream: the real event sequence, each event named like its data type', async () => {
    const response = await postJson(endpoint, { ...request, model: 'ok', stream: true });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = parseSse(await response.text());
    const names = events.map((event) => event.event);
    const datas = events.map((event) => JSON.parse(event.data));
    expect(datas.every((data, index) => data.type === names[index])).toBe(true);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(names.slice(3, -3).every((name) => name === 'content_block_delta')).toBe(true);
    expect(names.length).toBeGreaterThan(7);
    expect(datas[0].message.usage.input_tokens).toBe(Math.ceil(request.messages[0]!.content.length / 4));
    const delta = datas.at(-2);
    expect(delta.delta.stop_reason).toBe('end_turn');
    const text = datas
      .filter((data) => data.type === 'content_block_delta')
      .map((data) => data.delta.text)
      .join('');
    expect(delta.usage.output_tokens).toBe(Math.ceil(text.length / 4));
  });

  it('a system prompt that mentions JSON gets a JSON answer', async () => {
    const body = await (await postJson(endpoint, { ...request, model: 'ok', system: 'Reply in JSON.' })).json();
    expect(JSON.parse(body.content[0].text)).toMatchObject({ model: 'ok' });
  });

  it('no-done: message_delta with stop_reason but no message_stop', async () => {
    const events = parseSse(await (await postJson(endpoint, { ...request, model: 'no-done', stream: true })).text());
    expect(events.at(-1)?.event).toBe('message_delta');
    expect(events.some((event) => event.event === 'message_stop')).toBe(false);
  });

  it('content-filter: stop_reason refusal', async () => {
    const body = await (await postJson(endpoint, { ...request, model: 'content-filter' })).json();
    expect(body.stop_reason).toBe('refusal');
  });

  it('content-policy: 400 invalid_request_error "Output blocked by content filtering policy"', async () => {
    const response = await postJson(endpoint, { ...request, model: 'content-policy', stream: true });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'Output blocked by content filtering policy' },
    });
  });

  it('stream-error: an error event in the stream', async () => {
    const events = parseSse(
      await (await postJson(endpoint, { ...request, model: 'stream-error', stream: true })).text(),
    );
    expect(events.at(-1)?.event).toBe('error');
    expect(JSON.parse(events.at(-1)!.data)).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  it('errors use the Anthropic error shape', async () => {
    const context = await postJson(endpoint, { ...request, model: 'context-length' });
    expect(context.status).toBe(400);
    const contextBody = await context.json();
    expect(contextBody).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(contextBody.error.message).toMatch(/^prompt is too long/);
    const overloaded = await postJson(endpoint, { ...request, model: '529' });
    expect(overloaded.status).toBe(529);
    expect((await overloaded.json()).error.type).toBe('overloaded_error');
    const unknown = await postJson(endpoint, { ...request, model: 'claude-nope' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.type).toBe('not_found_error');
    const missing = await postJson(endpoint, { model: 'ok', messages: request.messages });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toMatch(/max_tokens/);
  });
});
