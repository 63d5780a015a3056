import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import { type Harness, startHarness } from '../support/harness.js';
import { postTimed, type TimedResponse } from '../support/timed-response.js';

/**
 * Live token streaming through the durable path (docs/streaming.md), on the real dev server with the real
 * HTTP fake provider: what the client receives and when, for healthy, slow, stalled and cut streams.
 */
const POLICY = `
version: streaming-test-1
defaults:
  timeoutMs: 6000
  firstTokenTimeoutMs: 1000
  idleTimeoutMs: 800
  deadlineMs: 15000
  retries: 1
  retryDelayMs: 50
  maxOutputTokens: 256
  degradeMessage: "Sorry, we cannot answer right now."
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake, id: ok, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  slow-stream: { provider: fake, id: 'slow-first-token:ms=150,total=3000', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  late-first: { provider: fake, id: 'slow-first-token:ms=5000', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
  stall-after: { provider: fake, id: 'stream-stall:chunks=4', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
  cut-after: { provider: fake, id: 'stream-cut:chunks=3', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
  json-slow: { provider: fake, id: 'slow-first-token:ms=1500', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  refuses: { provider: fake, id: content-policy, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
  down: { provider: fake, id: '503', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
routes:
  - { name: slow-stream, primary: slow-stream }
  - { name: late-first, primary: late-first, fallbacks: [ok] }
  - { name: stall-after, primary: stall-after, fallbacks: [ok] }
  - { name: cut-after, primary: cut-after, fallbacks: [ok] }
  - { name: json, primary: json-slow, firstTokenTimeoutMs: 4000, responseFormat: { type: json } }
  - { name: all-down, primary: down }
  - { name: blocked-message, primary: refuses, fallbacks: [ok], blockedReply: message }
  - { name: blocked-error, primary: refuses, fallbacks: [ok] }
access:
  forceRoutes: all
`;

let harness: Harness;
let gateway: Gateway;

beforeAll(async () => {
  harness = await startHarness({ policyYaml: POLICY });
  gateway = await startGateway({
    router: harness.router,
    client: harness.client,
    policy: harness.policy,
    port: 0,
    keepAliveMs: 200,
  });
});

afterAll(async () => {
  await gateway?.close();
  await harness?.stop();
});

type Received = TimedResponse;

/** Sends a streamed chat completion and records every event with its arrival time. */
function stream(model: string, headers: Record<string, string> = {}): Promise<Received> {
  const body = { model, stream: true, messages: [{ role: 'user', content: 'Tell me about my order.' }] };
  return postTimed(`${gateway.url}/v1/chat/completions`, body, headers);
}

type Choice = { delta?: { content?: string }; finish_reason?: string | null };
const choice = (data: Record<string, unknown>) => (data.choices as Choice[] | undefined)?.[0];
const contentEvents = (received: Received) => received.events.filter((event) => choice(event.data)?.delta?.content);
const textOf = (events: Received['events']) => events.map((event) => choice(event.data)?.delta?.content ?? '').join('');
const restartIndex = (received: Received) =>
  received.events.findIndex((event) => (event.data.switchyard as { event?: string } | undefined)?.event === 'restart');

describe('live token streaming', () => {
  it('sends the first token as the model produces it, long before the last', async () => {
    const received = await stream('slow-stream');
    const content = contentEvents(received);
    expect(received.status).toBe(200);
    expect(received.done).toBe(true);
    expect(content.length).toBeGreaterThan(3);
    const first = content[0]!.at;
    const last = content.at(-1)!.at;
    // The model's first token comes at ~150 ms and its last at ~3000 ms.
    expect(first).toBeLessThan(1500);
    expect(last - first).toBeGreaterThan(2000);
    const finish = received.events.find((event) => choice(event.data)?.finish_reason);
    expect(choice(finish!.data)?.finish_reason).toBe('stop');
    expect(finish!.data.switchyard).toMatchObject({ outcome: 'answered', model: 'slow-stream', attempts: 1 });
    expect(restartIndex(received)).toBe(-1);
  });

  it('fails over invisibly when no token came within the first-token limit', async () => {
    const received = await stream('late-first');
    expect(restartIndex(received)).toBe(-1);
    expect(textOf(contentEvents(received))).toContain('simulated answer from model ok');
    // First-token limit 1000 ms, then the healthy fallback: never the 5 s the slow model would take.
    expect(received.totalMs).toBeLessThan(4000);
    expect(received.done).toBe(true);
  });

  it('restarts with the fallback after a stall mid-answer, within the idle limit, never silent', async () => {
    const received = await stream('stall-after');
    const restart = restartIndex(received);
    expect(restart).toBeGreaterThan(0);
    const before = textOf(received.events.slice(0, restart));
    expect(before.length).toBeGreaterThan(0);
    expect(received.events[restart]!.data.switchyard).toMatchObject({
      event: 'restart',
      reason: 'StreamStalled',
      failedModel: 'stall-after',
      discardedChars: before.length,
    });
    expect(textOf(received.events.slice(restart + 1))).toContain('simulated answer from model ok');
    expect(received.done).toBe(true);
    // The stalled model is not retried (stalls fail over at once by default... or within one more idle limit).
    expect(received.totalMs).toBeLessThan(5000);
    // Keep-alive comments every 200 ms: the connection never goes quiet for long.
    expect(received.longestSilenceMs).toBeLessThan(1500);
  });

  it('ends with an error event, never [DONE], when the client asked for errors on mid-stream failures', async () => {
    const received = await stream('cut-after', { 'x-switchyard-stream-recovery': 'error' });
    expect(received.done).toBe(false);
    const last = received.events.at(-1)!.data as { error?: { code?: string } };
    expect(last.error?.code).toBe('stream_interrupted');
    expect(textOf(received.events).length).toBeGreaterThan(0);
    expect(received.events.some((event) => choice(event.data)?.finish_reason)).toBe(false);
  });

  it('the official SDK sees the mid-stream error as an APIError', async () => {
    const openai = new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: 'unused',
      maxRetries: 0,
      defaultHeaders: { 'x-switchyard-stream-recovery': 'error' },
    });
    const run = async () => {
      const chunks = await openai.chat.completions.create({
        model: 'cut-after',
        stream: true,
        messages: [{ role: 'user', content: 'hello' }],
      });
      for await (const _chunk of chunks) {
        // read to the end
      }
    };
    await expect(run()).rejects.toBeInstanceOf(OpenAI.APIError);
  });

  it('buffers a JSON route until its answer validates', async () => {
    const received = await stream('json');
    const content = contentEvents(received);
    expect(received.done).toBe(true);
    expect(JSON.parse(textOf(content))).toBeTruthy();
    // Nothing goes out before the answer is complete and valid (the model's first token comes at ~1.5 s).
    expect(content[0]!.at).toBeGreaterThan(1400);
    expect(content.at(-1)!.at - content[0]!.at).toBeLessThan(100);
  });

  it('gives a degraded stream known before any token its own status (203) and the safe message', async () => {
    const received = await stream('all-down');
    expect(received.status).toBe(203);
    expect(textOf(contentEvents(received))).toBe('Sorry, we cannot answer right now.');
    expect(received.done).toBe(true);
  });
});

describe('outcomes a standard client can tell apart', () => {
  it('answers a degraded request 203 with the safe message and finish_reason stop (not an error to retry)', async () => {
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const { data, response } = await openai.chat.completions
      .create({ model: 'all-down', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(response.status).toBe(203);
    expect(response.headers.get('x-switchyard-outcome')).toBe('degraded');
    expect(data.choices[0]?.message.content).toBe('Sorry, we cannot answer right now.');
    expect(data.model).toBe('switchyard/degraded');
  });
});

describe('policy-blocked requests through the gateway', () => {
  const openai = () => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });

  it('are a content_policy_violation error by default, streamed or not', async () => {
    const error = await openai()
      .chat.completions.create({ model: 'blocked-error', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toMatchObject({ code: 'content_policy_violation' });
    const received = await stream('blocked-error');
    expect(received.status).toBe(400);
    expect(received.done).toBe(false);
  });

  it('answer the safe message with finish_reason content_filter where the route says blockedReply: message', async () => {
    const { data, response } = await openai()
      .chat.completions.create({ model: 'blocked-message', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(response.status).toBe(203);
    expect(data.choices[0]?.finish_reason).toBe('content_filter');
    expect(data.choices[0]?.message.content).toBe('Sorry, we cannot answer right now.');
    const received = await stream('blocked-message');
    expect(received.events.some((event) => choice(event.data)?.finish_reason === 'content_filter')).toBe(true);
  });
});

describe('the Responses API streams live too', () => {
  const post = (model: string) =>
    fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, stream: true, input: 'Tell me about my order.' }),
    });

  it('sends output_text deltas as the model produces them', async () => {
    const started = performance.now();
    const response = await post('slow-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const deltas: number[] = [];
    let buffer = '';
    let completed = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const events = buffer.split('\n\n');
      buffer = events.pop() ?? '';
      for (const event of events) {
        if (event.includes('event: response.output_text.delta')) deltas.push(performance.now() - started);
        if (event.includes('event: response.completed')) completed = true;
      }
    }
    expect(completed).toBe(true);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas[0]).toBeLessThan(1500);
    expect(deltas.at(-1)! - deltas[0]!).toBeGreaterThan(2000);
  });

  it('gives an outcome known before any token its own status: 203 degraded, 400 content_policy_violation', async () => {
    const degraded = await post('all-down');
    expect(degraded.status).toBe(203);
    expect(await degraded.text()).toContain('response.completed');
    const blocked = await post('blocked-error');
    expect(blocked.status).toBe(400);
    expect(await blocked.json()).toMatchObject({ error: { code: 'content_policy_violation' } });
  });
});

describe('the stream side channel refuses forged input', () => {
  it('answers an unknown stream 404 and a wrong token 401, and the client still gets the validated answer', async () => {
    const unknown = await fetch(`${gateway.url}/internal/streams/AAAAAAAAAAAAAAAA`, {
      method: 'POST',
      headers: { authorization: `Bearer ${'0'.repeat(48)}` },
      body: '{"type":"start","attempt":1,"model":"x","role":"primary"}\n',
    });
    expect(unknown.status).toBe(404);

    const pending = stream('slow-stream');
    // Find the request's ticket the way an attacker who can read workflow input could: list running workflows.
    let url: string | null = null;
    for (let tries = 0; tries < 50 && url === null; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const id = harness.started.at(-1);
      if (!id) continue;
      const history = await harness.client.workflow.getHandle(id).fetchHistory();
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      const payload = started?.input?.payloads?.[0]?.data;
      if (!payload) continue;
      const input = JSON.parse(Buffer.from(payload).toString()) as { stream?: { url: string } };
      url = input.stream?.url ?? null;
    }
    expect(url).not.toBeNull();
    const forged = await fetch(url!, {
      method: 'POST',
      headers: { authorization: `Bearer ${'f'.repeat(48)}` },
      body: '{"type":"start","attempt":9,"model":"evil","role":"primary"}\n{"type":"text","text":"FORGED"}\n',
    });
    expect(forged.status).toBe(401);
    const received = await pending;
    expect(textOf(received.events)).not.toContain('FORGED');
    expect(received.done).toBe(true);
  });
});

describe('a worker whose SWITCHYARD_STREAM_SINKS does not list the gateway', () => {
  let closed: Harness;
  let closedGateway: Gateway;

  beforeAll(async () => {
    closed = await startHarness({ policyYaml: POLICY, activities: { streamSinks: [] } });
    closedGateway = await startGateway({
      router: closed.router,
      client: closed.client,
      policy: closed.policy,
      port: 0,
    });
  });

  afterAll(async () => {
    await closedGateway?.close();
    await closed?.stop();
  });

  it('never posts to it: the client gets the validated answer at the end, in one piece', async () => {
    const started = performance.now();
    const response = await fetch(`${closedGateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow-stream', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const headersAt = performance.now() - started;
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const content = text
      .split('\n\n')
      .filter((event) => event.startsWith('data: {'))
      .map((event) => choice(JSON.parse(event.slice(6)))?.delta?.content ?? '')
      .join('');
    expect(content).toContain('simulated answer from model');
    // Nothing could be sent before the model's last token (~3 s): the response waited for the result.
    expect(headersAt).toBeGreaterThan(2500);
  });
});
