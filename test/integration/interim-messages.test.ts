import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import type { RouteResult } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';
import { postTimed, type TimedResponse } from '../support/timed-response.js';

/**
 * Interim messages (docs/streaming.md#interim-messages) on the real dev server: a slow model (`slow:ms=3000`, first
 * token limit pinned above it) with `interim.afterMs: 500` — the client hears the interim message before the answer
 * (in its stream, or through the signed webhook), and the trail says so; a fast model — no interim at all. Order of
 * arrival is asserted, never wall-clock durations.
 */
const MESSAGE = 'I need a bit more time to answer properly.';
const SECRET = 'interim-webhook-secret-for-tests';

const policyWith = (hookUrl: string) => `
version: interim-test-1
defaults:
  timeoutMs: 8000
  firstTokenTimeoutMs: 6000
  deadlineMs: 15000
  retries: 0
  interim: { afterMs: 500, message: "${MESSAGE}" }
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake, id: ok, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
  slow: { provider: fake, id: 'slow:ms=3000', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
routes:
  - { name: slow-stream, primary: slow }
  - { name: fast-stream, primary: ok }
  - name: slow-hook
    primary: slow
    interim: { afterMs: 500, message: "${MESSAGE}", webhook: { url: "${hookUrl}", signingSecretEnv: INTERIM_SECRET } }
  - name: fast-hook
    primary: ok
    interim: { afterMs: 500, message: "${MESSAGE}", webhook: { url: "${hookUrl}", signingSecretEnv: INTERIM_SECRET } }
access:
  forceRoutes: all
`;

let harness: Harness;
let gateway: Gateway;
let hooks: Server;
/** What happened, in order: webhook deliveries and answers. */
const arrivals: { what: 'hook' | 'answer'; workflowId: string; body?: string; signature?: string }[] = [];

beforeAll(async () => {
  hooks = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const { workflowId } = JSON.parse(body) as { workflowId: string };
      arrivals.push({ what: 'hook', workflowId, body, signature: request.headers['x-switchyard-signature'] as string });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hooks/interim`;
  harness = await startHarness({ policyYaml: policyWith(url), activities: { env: { INTERIM_SECRET: SECRET } } });
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
  if (harness) expect(await replayFailures(harness.client, harness.started)).toEqual([]);
  await harness?.stop();
  hooks?.close();
});

type Choice = { delta?: { content?: string }; finish_reason?: string | null };
const choice = (data: Record<string, unknown>) => (data.choices as Choice[] | undefined)?.[0];
const marker = (data: Record<string, unknown>) => (data.switchyard as { event?: string } | undefined)?.event;

function stream(model: string): Promise<TimedResponse> {
  const body = { model, stream: true, messages: [{ role: 'user', content: 'Tell me about my order.' }] };
  return postTimed(`${gateway.url}/v1/chat/completions`, body);
}

/** The finished request behind a streamed response (its finish chunk names the workflow). */
async function resultOf(received: TimedResponse): Promise<RouteResult> {
  const finish = received.events.find((event) => choice(event.data)?.finish_reason);
  const { workflowId } = finish!.data.switchyard as { workflowId: string };
  return (await harness.client.workflow.getHandle(workflowId).result()) as RouteResult;
}

const interimSteps = (result: RouteResult) => result.trail.filter((entry) => entry.step === 'interim');

describe('interim messages', () => {
  it('a slow streamed answer: the interim message arrives in the stream before the answer', async () => {
    const received = await stream('slow-stream');
    expect(received.status).toBe(200);
    expect(received.done).toBe(true);
    const interim = received.events.findIndex((event) => marker(event.data) === 'interim');
    const answer = received.events.findIndex(
      (event) => marker(event.data) !== 'interim' && (choice(event.data)?.delta?.content ?? '') !== '',
    );
    expect(interim).toBeGreaterThanOrEqual(0);
    expect(answer).toBeGreaterThan(interim);
    expect(received.events[interim]!.data.switchyard).toEqual({ event: 'interim', message: MESSAGE });
    expect(choice(received.events[interim]!.data)?.delta?.content).toBe(`${MESSAGE}\n\n`);
    const result = await resultOf(received);
    expect(result.outcome).toBe('answered');
    expect(interimSteps(result)).toEqual([
      { step: 'interim', outcome: 'sent', reason: "no answer after 500 ms: message to the client's stream" },
    ]);
  });

  it('a fast streamed answer: no interim message, nothing in the trail', async () => {
    const received = await stream('fast-stream');
    expect(received.done).toBe(true);
    expect(received.events.some((event) => marker(event.data) === 'interim')).toBe(false);
    expect(interimSteps(await resultOf(received))).toEqual([]);
  });

  it('what an OpenAI SDK client shows: the interim message, a blank line, then the answer', async () => {
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const chunks = await openai.chat.completions.create({
      model: 'slow-stream',
      stream: true,
      messages: [{ role: 'user', content: 'hello' }],
    });
    let text = '';
    for await (const chunk of chunks) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text.startsWith(`${MESSAGE}\n\n`)).toBe(true);
    expect(text.slice(MESSAGE.length + 2)).toContain('simulated answer');
  });

  it('a slow request that does not stream: the signed webhook hears the interim message before the answer', async () => {
    const result = await harness.router.route({ route: 'slow-hook', messages: [{ role: 'user', content: 'Order?' }] });
    arrivals.push({ what: 'answer', workflowId: result.workflowId });
    const mine = arrivals.filter((arrival) => arrival.workflowId === result.workflowId);
    expect(mine.map((arrival) => arrival.what)).toEqual(['hook', 'answer']);
    const hook = mine[0]!;
    expect(JSON.parse(hook.body!)).toEqual({
      event: 'request.interim',
      workflowId: result.workflowId,
      route: 'slow-hook',
      message: MESSAGE,
    });
    expect(hook.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(hook.body!).digest('hex')}`);
    expect(interimSteps(result)).toEqual([
      { step: 'interim', outcome: 'sent', reason: 'no answer after 500 ms: message to the interim webhook' },
    ]);
  });

  it('a fast request that does not stream: no webhook call, no timer left behind', async () => {
    const result = await harness.router.route({ route: 'fast-hook', messages: [{ role: 'user', content: 'Order?' }] });
    expect(interimSteps(result)).toEqual([]);
    expect(arrivals.filter((arrival) => arrival.workflowId === result.workflowId && arrival.what === 'hook')).toEqual(
      [],
    );
    const { events } = await harness.client.workflow.getHandle(result.workflowId).fetchHistory();
    // The timer was started beside the model call and cancelled when the answer came: it never fired.
    expect((events ?? []).some((event) => event.timerStartedEventAttributes)).toBe(true);
    expect((events ?? []).some((event) => event.timerCanceledEventAttributes)).toBe(true);
    expect((events ?? []).some((event) => event.timerFiredEventAttributes)).toBe(false);
    expect(
      (events ?? []).some((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'sendInterim'),
    ).toBe(false);
  });
});
