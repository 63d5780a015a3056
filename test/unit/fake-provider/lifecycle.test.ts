import { afterEach, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from '../../../src/fake-provider/server.js';
import { postJson } from './sse.js';

const messages = [{ role: 'user', content: 'restricted: card 4111 1111 1111 1111' }];
let open: FakeProvider[] = [];
afterEach(async () => {
  await Promise.all(open.map((fake) => fake.close()));
  open = [];
});
async function start(settings: Parameters<typeof startFakeProvider>[0] = {}): Promise<FakeProvider> {
  const fake = await startFakeProvider(settings);
  open.push(fake);
  return fake;
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !check(); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('fake provider lifecycle and attempt log', () => {
  it('listens on 127.0.0.1 with a random port and answers /_health', async () => {
    const fake = await start();
    expect(fake.url).toBe(`http://127.0.0.1:${fake.port}`);
    expect(fake.port).toBeGreaterThan(0);
    const response = await fetch(`${fake.url}/_health`);
    expect(response.status).toBe(200);
  });

  it('close() returns with hanging no-response and stream-stall connections open', async () => {
    const fake = await startFakeProvider();
    const endpoint = `${fake.url}/v1/chat/completions`;
    const hanging = postJson(endpoint, { model: 'no-response', messages }).then(
      () => 'answered',
      () => 'dropped',
    );
    const stalled = await postJson(endpoint, { model: 'stream-stall', messages, stream: true });
    const stalledBody = stalled.text().then(
      () => 'ended',
      () => 'dropped',
    );
    await waitFor(() => fake.attempts().length === 2);
    const outcome = await Promise.race([
      fake.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 5000)),
    ]);
    expect(outcome).toBe('closed');
    expect(await hanging).toBe('dropped');
    expect(await stalledBody).toBe('dropped');
    await expect(fake.close()).resolves.toBeUndefined();
  });

  it('records every attempt with its text; filters and clears over HTTP and in process', async () => {
    const fake = await start();
    const endpoint = `${fake.url}/v1/chat/completions`;
    await postJson(
      endpoint,
      { model: 'ok', messages },
      { 'x-switchyard-workflow-id': 'wf-a', 'x-switchyard-attempt': '1' },
    );
    await postJson(
      endpoint,
      { model: '503', messages },
      { 'x-switchyard-workflow-id': 'wf-a', authorization: 'Bearer x' },
    );
    await postJson(
      `${fake.url}/v1/messages`,
      { model: 'ok', max_tokens: 5, messages },
      { 'x-switchyard-workflow-id': 'wf-b' },
    );
    const all = (await (await fetch(`${fake.url}/_attempts`)).json()).attempts;
    expect(all.map((attempt: { seq: number }) => attempt.seq)).toEqual([1, 2, 3]);
    expect(all[0]).toMatchObject({ wire: 'openai', workflowId: 'wf-a', attempt: 1, status: 200, hasApiKey: false });
    expect(all[1]).toMatchObject({ status: 503, attempt: null, hasApiKey: true, behaviour: '503' });
    expect(all[2]).toMatchObject({ wire: 'anthropic', path: '/v1/messages', stream: false });
    expect(all.every((attempt: { text: string }) => attempt.text.includes('4111 1111 1111 1111'))).toBe(true);
    expect(Date.parse(all[0].at)).not.toBeNaN();
    const filtered = (await (await fetch(`${fake.url}/_attempts?model=ok&workflowId=wf-a`)).json()).attempts;
    expect(filtered).toHaveLength(1);
    expect(fake.attempts({ workflowId: 'wf-b' })).toHaveLength(1);
    expect((await fetch(`${fake.url}/_attempts`, { method: 'DELETE' })).status).toBe(204);
    expect(fake.attempts()).toEqual([]);
    await postJson(endpoint, { model: 'ok', messages });
    fake.clearAttempts();
    expect(fake.attempts()).toEqual([]);
  });

  it('keeps only the newest maxAttempts', async () => {
    const fake = await start({ maxAttempts: 3 });
    for (let index = 0; index < 6; index++) {
      await postJson(`${fake.url}/v1/chat/completions`, { model: 'ok', messages });
    }
    expect(fake.attempts().map((attempt) => attempt.seq)).toEqual([4, 5, 6]);
  });

  it('answers unknown routes with 404', async () => {
    const fake = await start();
    expect((await fetch(`${fake.url}/v1/embeddings`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${fake.url}/v1/chat/completions`)).status).toBe(405);
  });
});

describe('fake provider profiles', () => {
  const profiles = {
    'sim-fast': {
      latencyMs: { p50: 4, p95: 12 },
      firstTokenMs: { p50: 1, p95: 3 },
      errorRate: 0.3,
      contentFilterRate: 0.1,
    },
  };

  async function outcomes(seed: number): Promise<string[]> {
    const fake = await start({ profiles, seed });
    const results: string[] = [];
    for (let index = 0; index < 30; index++) {
      const response = await postJson(`${fake.url}/v1/chat/completions`, { model: 'sim-fast', messages });
      const body = await response.json();
      results.push(response.status === 200 ? body.choices[0].finish_reason : String(response.status));
    }
    return results;
  }

  it('repeats exactly for the same seed and differs for another', async () => {
    const first = await outcomes(7);
    expect(await outcomes(7)).toEqual(first);
    expect(await outcomes(8)).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set(['stop', '503', 'content_filter']));
  });

  it('is matched before the built-in behaviours and recorded by name', async () => {
    const fake = await start({ profiles: { ok: { latencyMs: { p50: 1, p95: 1 }, errorRate: 1 } } });
    const response = await postJson(`${fake.url}/v1/chat/completions`, { model: 'ok', messages });
    expect(response.status).toBe(503);
    expect(fake.attempts()[0]?.behaviour).toBe('profile:ok');
  });

  it('rejects invalid profiles, naming the field', async () => {
    await expect(startFakeProvider({ profiles: { bad: { latencyMs: { p50: 10, p95: 5 } } } })).rejects.toThrow(
      /profile 'bad': latencyMs.p95/,
    );
    await expect(
      startFakeProvider({ profiles: { bad: { latencyMs: { p50: 1, p95: 2 }, errorRate: 1.5 } } }),
    ).rejects.toThrow(/errorRate/);
  });
});
