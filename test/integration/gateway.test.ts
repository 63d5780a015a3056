import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import { parkedForReview } from '../../src/gateway/outcome-wait-bounds.js';
import { PACKAGE_ROOT } from '../../src/temporal/paths.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * The OpenAI-compatible gateway, driven by the unmodified official `openai` SDK (v6) against a real
 * worker and the fake provider under the fault-drill policy.
 */
const POLICY = join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml');
const DEGRADE = 'Sorry, we cannot answer right now. A person will follow up.';
const ask = (text: string) => [{ role: 'user' as const, content: text }];

let harness: Harness;
let gateway: Gateway;
let secured: Gateway;
let openai: OpenAI;

beforeAll(async () => {
  harness = await startHarness({ policyFile: POLICY });
  const base = { router: harness.router, client: harness.client, policy: harness.policy, port: 0 };
  gateway = await startGateway({ ...base, reviewWaitMs: 1500, keepAliveMs: 50, streamHeadersWithinMs: 100 });
  secured = await startGateway({ ...base, apiKeys: ['key-one', 'key-two'] });
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'not-checked', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await secured?.close();
  await harness?.stop();
});

/** Reads a raw SSE response body to the end. */
async function rawStream(route: string): Promise<{ headers: Headers; text: string }> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: route, stream: true, stream_options: { include_usage: true }, messages: ask('hi') }),
  });
  return { headers: response.headers, text: await response.text() };
}

describe('gateway with the official openai SDK', () => {
  it('answers a non-streamed request with usage and the x-switchyard headers', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: 'ok', messages: ask('Where is my order?') })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('ok');
    expect(data.choices[0]?.message.content).toBeTruthy();
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-outcome')).toBe('answered');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-route')).toBe('ok');
    expect(response.headers.get('x-switchyard-model')).toBe('ok');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    expect(Number(response.headers.get('x-switchyard-overhead-ms'))).toBeGreaterThanOrEqual(0);
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeGreaterThan(0);
    const workflowId = response.headers.get('x-switchyard-workflow-id')!;
    expect((await harness.client.workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED');
  });

  it('streams an answer with a final usage chunk', async () => {
    const stream = await openai.chat.completions.create({
      model: 'auto',
      messages: ask('hello there'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text.length).toBeGreaterThan(0);
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toBe(true);
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason) as unknown as {
      switchyard: { outcome: string };
    };
    expect(finish.switchyard.outcome).toBe('answered');
  });

  it('rescues a failing primary (503) through the ladder and streams past keep-alive comments', async () => {
    const stream = await openai.chat.completions.create({
      model: '503',
      messages: ask('hi'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    // The primary failed before any token: the failover is invisible, the finish chunk names who answered.
    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason === 'stop');
    expect(finish?.model).toBe('ok');
    const meta = (finish as unknown as { switchyard: { attempts: number; route: string } }).switchyard;
    expect(meta).toMatchObject({ attempts: 3, route: '503' });
    expect(
      chunks.some((chunk) => 'switchyard' in chunk && (chunk as { switchyard: { event?: string } }).switchyard.event),
    ).toBe(false);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);

    const raw = await rawStream('503');
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    expect(raw.text).toContain(': keep-alive');
    expect(raw.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('never streams a cut answer: stream-cut is restarted with the fallback, complete with [DONE] and usage', async () => {
    const raw = await rawStream('stream-cut');
    type Chunk = {
      model: string;
      usage: unknown;
      choices: { delta: { content?: string }; finish_reason: string | null }[];
      switchyard?: { event?: string; discardedChars?: number };
    };
    const events = raw.text
      .split('\n\n')
      .filter((event) => event.startsWith('data: ') && event !== 'data: [DONE]')
      .map((event) => JSON.parse(event.slice(6)) as Chunk);
    // The cut primary's pieces went out live; a restart voids them and the fallback's whole answer follows.
    const restart = events.findIndex((event) => event.switchyard?.event === 'restart');
    expect(restart).toBeGreaterThan(0);
    const before = events
      .slice(0, restart)
      .map((event) => event.choices[0]?.delta.content ?? '')
      .join('');
    expect(events[restart]?.switchyard?.discardedChars).toBe(before.length);
    expect(events[restart]?.choices).toEqual([]);
    const after = events
      .slice(restart + 1)
      .map((event) => event.choices[0]?.delta.content ?? '')
      .join('');
    expect(after).toContain('simulated answer from model ok');
    expect(events.find((event) => event.choices[0]?.finish_reason === 'stop')?.model).toBe('ok');
    expect(events.at(-1)?.usage).toMatchObject({ total_tokens: expect.any(Number) });
    expect(raw.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('answers a content-filter block as a content_policy_violation error, never from another model', async () => {
    const error = await openai.chat.completions
      .create({ model: 'content-filter', messages: ask('hi') })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ type: 'invalid_request_error', code: 'content_policy_violation' });
    const workflowId = error.headers.get('x-switchyard-workflow-id');
    expect(workflowId).toMatch(/^route-/);
    const models = harness.fake.attempts({ workflowId }).map((attempt) => attempt.model);
    expect(models).toEqual(['content-filter']);
  });

  it('answers a request parked for review as pending, with its workflow id, and leaves it waiting', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: 'review-always', messages: ask('please check this') })
      .withResponse();
    expect(response.headers.get('x-switchyard-outcome')).toBe('pending-review');
    // 202 Accepted: parked for a person, the body is the safe message (machine-readable without headers).
    expect(response.status).toBe(202);
    expect(data.model).toBe('switchyard/pending-review');
    expect(data.choices[0]?.message.content).toBe(DEGRADE);
    const handle = harness.client.workflow.getHandle(response.headers.get('x-switchyard-workflow-id')!);
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    // Seen parked from the search attribute the parking task set (the start no longer sets it false).
    expect(parkedForReview(description)).toBe(true);
    await handle.terminate('test cleanup');
  });

  it('lists routes and models in the OpenAI list format', async () => {
    const ids = [];
    for await (const model of openai.models.list()) ids.push({ id: model.id, owned_by: model.owned_by });
    expect(ids).toContainEqual({ id: 'auto', owned_by: 'switchyard' });
    expect(ids).toContainEqual({ id: 'stream-cut', owned_by: 'switchyard-route' });
    expect(ids).toContainEqual({ id: 'model:ok', owned_by: 'fake-anthropic' });
  });
});

describe('gateway errors in the OpenAI shape', () => {
  it('rejects a bad body with 400 naming the field', async () => {
    const error = await openai.chat.completions.create({ model: 'ok', messages: [] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ type: 'invalid_request_error', param: 'messages' });
    expect(error.error.message).toContain('messages');
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await openai.chat.completions
      .create({ model: 'gpt-17-ultra', messages: ask('hi') })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.error).toMatchObject({ type: 'invalid_request_error', param: 'model', code: 'model_not_found' });
  });

  it('requires a configured API key (401) and accepts a valid one', async () => {
    const response = await fetch(`${secured.url}/v1/models`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    });
    const wrong = new OpenAI({ baseURL: `${secured.url}/v1`, apiKey: 'nope', maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const right = new OpenAI({ baseURL: `${secured.url}/v1`, apiKey: 'key-two', maxRetries: 0 });
    const answer = await right.chat.completions.create({ model: 'ok', messages: ask('hi') });
    expect(answer.choices[0]?.message.content).toBeTruthy();
  });
});

describe('gateway refusals never start a workflow', () => {
  const send = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('answers a 5 MB prompt with 413 (not a retryable 503)', async () => {
    const before = harness.started.length;
    const response = await send(JSON.stringify({ model: 'ok', messages: ask('x'.repeat(5 * 1024 * 1024)) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'request_too_large' } });
    const error = await openai.chat.completions
      .create({ model: 'ok', messages: ask('y'.repeat(2 * 1024 * 1024)) })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(413);
    expect(harness.started.length).toBe(before);
  });

  it('answers empty, whitespace-only and invalid-schema requests with 400', async () => {
    const before = harness.started.length;
    const blank = await openai.chat.completions
      .create({ model: 'ok', messages: [{ role: 'system', content: 'be brief' }, ...ask('  \n ')] })
      .catch((caught) => caught);
    expect(blank).toBeInstanceOf(OpenAI.BadRequestError);
    const empty = await openai.chat.completions.create({ model: 'ok', messages: [] }).catch((caught) => caught);
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
    const schema = await openai.chat.completions
      .create({
        model: 'ok',
        messages: ask('give me JSON'),
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'objekt' } } },
      })
      .catch((caught) => caught);
    expect(schema).toBeInstanceOf(OpenAI.BadRequestError);
    expect(schema.error).toMatchObject({ param: 'response_format.json_schema.schema' });
    expect(harness.started.length).toBe(before);
  });

  it('refuses a cross-origin text/plain POST from a web page', async () => {
    const before = harness.started.length;
    const body = JSON.stringify({ model: 'ok', messages: ask('spend my credits') });
    const page = await send(body, { 'content-type': 'text/plain', origin: 'https://evil.example' });
    expect(page.status).toBe(403);
    expect((await send(body, { 'content-type': 'text/plain' })).status).toBe(415);
    expect(harness.started.length).toBe(before);
  });

  it('uses Idempotency-Key as the request id: a repeated key names the same workflow', async () => {
    const key = `idem-${Date.now()}`;
    const body = JSON.stringify({ model: 'ok', messages: ask('Where is my order?') });
    const first = await send(body, { 'idempotency-key': key });
    const second = await send(body, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    const workflowId = first.headers.get('x-switchyard-workflow-id');
    expect(workflowId).toBeTruthy();
    expect(second.headers.get('x-switchyard-workflow-id')).toBe(workflowId);
    const invalid = await send(body, { 'idempotency-key': 'not valid!' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { param: 'idempotency-key' } });
  });
});

describe('client cancellation', () => {
  it('cancels the workflow when the client aborts', async () => {
    const before = harness.started.length;
    const controller = new AbortController();
    const pending = openai.chat.completions
      .create({ model: 'slow', messages: ask('take your time') }, { signal: controller.signal })
      .catch((caught) => caught);
    await until(() => harness.started.length > before);
    const workflowId = harness.started.at(-1)!;
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    const handle = harness.client.workflow.getHandle(workflowId);
    await until(async () => (await handle.describe()).status.name === 'CANCELLED');
    expect((await handle.describe()).status.name).toBe('CANCELLED');
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
