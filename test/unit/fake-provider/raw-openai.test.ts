import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from '../../../src/fake-provider/server.js';
import { parseSse, postJson } from './sse.js';

describe('fake provider, OpenAI wire over plain HTTP', () => {
  let fake: FakeProvider;
  let endpoint: string;
  beforeAll(async () => {
    fake = await startFakeProvider();
    endpoint = `${fake.url}/v1/chat/completions`;
  });
  afterAll(() => fake.close());
  const messages = [{ role: 'user', content: 'Hello, where is my parcel?' }];

  it('non-stream: a well-formed chat.completion', async () => {
    const response = await postJson(endpoint, { model: 'ok', messages }, { 'x-switchyard-workflow-id': 'raw-1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = await response.json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'ok',
      choices: [{ index: 0, message: { role: 'assistant', content: expect.any(String) }, finish_reason: 'stop' }],
      usage: { prompt_tokens: Math.ceil(messages[0]!.content.length / 4) },
    });
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    expect(body.choices[0].message.content).not.toContain('parcel');
  });

  it('stream with include_usage: role chunk, content chunks, finish on the last content chunk, usage, [DONE]', async () => {
    const headers = { 'x-switchyard-workflow-id': 'raw-1' };
    const response = await postJson(
      endpoint,
      { model: 'ok', messages, stream: true, stream_options: { include_usage: true } },
      headers,
    );
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = parseSse(await response.text());
    expect(events.every((event) => event.event === null)).toBe(true);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    const usageChunk = chunks.at(-1);
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage.prompt_tokens).toBeGreaterThan(0);
    const contentChunks = chunks.slice(0, -1);
    const finishes = contentChunks.map((chunk) => chunk.choices[0].finish_reason);
    expect(finishes.slice(0, -1).every((finish) => finish === null)).toBe(true);
    expect(finishes.at(-1)).toBe('stop');
    expect(contentChunks.at(-1).choices[0].delta.content.length).toBeGreaterThan(0);
    expect(contentChunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.usage === null)).toBe(true);
    // Same request key → the same answer as the non-stream call.
    const text = contentChunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('');
    const plain = await (await postJson(endpoint, { model: 'ok', messages }, headers)).json();
    expect(text).toBe(plain.choices[0].message.content);
  });

  it('stream without include_usage: no usage chunk', async () => {
    const events = parseSse(await (await postJson(endpoint, { model: 'ok', messages, stream: true })).text());
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    expect(chunks.every((chunk) => chunk.choices.length === 1 && !('usage' in chunk))).toBe(true);
  });

  it('json_object: the answer parses as JSON', async () => {
    const response = await postJson(endpoint, { model: 'ok', messages, response_format: { type: 'json_object' } });
    const body = await response.json();
    expect(JSON.parse(body.choices[0].message.content)).toMatchObject({ model: 'ok' });
  });

  it('no-done: finish reason but no [DONE]', async () => {
    const events = parseSse(await (await postJson(endpoint, { model: 'no-done', messages, stream: true })).text());
    expect(events.some((event) => event.data === '[DONE]')).toBe(false);
    expect(JSON.parse(events.at(-1)!.data).choices[0].finish_reason).toBe('stop');
  });

  it('malformed-chunk: one data line is not JSON', async () => {
    const events = parseSse(
      await (await postJson(endpoint, { model: 'malformed-chunk', messages, stream: true })).text(),
    );
    const bad = events.filter((event) => {
      try {
        JSON.parse(event.data);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toHaveLength(1);
  });

  it('stream faults on non-stream requests: a cut body and an invalid JSON body', async () => {
    const cut = await postJson(endpoint, { model: 'stream-cut', messages });
    expect(cut.status).toBe(200);
    await expect(cut.text()).rejects.toThrow();
    const malformed = await postJson(endpoint, { model: 'malformed-chunk', messages });
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow(SyntaxError);
  });

  it('content-filter: finish_reason content_filter', async () => {
    const body = await (await postJson(endpoint, { model: 'content-filter', messages })).json();
    expect(body.choices[0].finish_reason).toBe('content_filter');
  });

  it('content-policy: 400 content_policy_violation', async () => {
    const response = await postJson(endpoint, { model: 'content-policy', messages });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: expect.any(String),
        type: 'invalid_request_error',
        param: null,
        code: 'content_policy_violation',
      },
    });
  });

  it('fail-n: the first `count` attempts per request key fail with `status`, then it answers', async () => {
    const statuses = async (model: string, key: string) => {
      const seen: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        seen.push((await postJson(endpoint, { model, messages }, { 'x-switchyard-workflow-id': key })).status);
      }
      return seen;
    };
    expect(await statuses('fail-n:count=2', 'fail-n-a')).toEqual([500, 500, 200, 200]);
    expect(await statuses('fail-n:count=3,status=503', 'fail-n-a')).toEqual([503, 503, 503, 200]);
    // Counted per request key: another request starts over.
    expect(await statuses('fail-n:count=2', 'fail-n-b')).toEqual([500, 500, 200, 200]);
    expect(await statuses('fail-n', 'fail-n-c')).toEqual([500, 200, 200, 200]);
  });

  it('errors use the OpenAI error shape', async () => {
    const limited = await postJson(
      endpoint,
      { model: '429-retry-after', messages },
      { 'x-switchyard-workflow-id': 'e1' },
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({
      error: { message: expect.any(String), type: 'requests', param: null, code: 'rate_limit_exceeded' },
    });
    const context = await postJson(endpoint, { model: 'context-length', messages });
    expect(context.status).toBe(400);
    expect((await context.json()).error).toMatchObject({
      code: 'context_length_exceeded',
      type: 'invalid_request_error',
    });
    const unknown = await postJson(endpoint, { model: 'gpt-nope', messages });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('model_not_found');
    const badParameter = await postJson(endpoint, { model: 'slow:ms=abc', messages });
    expect(badParameter.status).toBe(400);
    const notJson = await fetch(endpoint, { method: 'POST', body: '{not json' });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toMatch(/not valid JSON/);
  });

  it('GET /v1/models lists the behaviours', async () => {
    const body = await (await fetch(`${fake.url}/v1/models`)).json();
    expect(body.object).toBe('list');
    expect(body.data.map((model: { id: string }) => model.id)).toEqual(expect.arrayContaining(['ok', 'flap', '503']));
  });
});
