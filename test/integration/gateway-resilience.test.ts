import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RouterClient } from '../../src/client/router-client.js';
import { parsePolicyText } from '../../src/config/load-policy.js';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import { startWorkerStack, type WorkerStack } from '../../src/stack/start-worker-stack.js';
import { type DevServer, startDevServer } from '../../src/temporal/dev-server.js';
import { PACKAGE_ROOT } from '../../src/temporal/paths.js';
import { loadWorkerTrust } from '../../src/worker/worker-config.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * "Every gateway request gets an HTTP answer": health and readiness, the no-worker fast failure, the
 * hang-up rule, and a request in flight while the Temporal dev server is killed and restarted on the same
 * database file (its own server: the shared one is never restarted). Real Temporal, real HTTP.
 */
const FAULT_DRILL = join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml');
const ask = (text: string) => [{ role: 'user' as const, content: text }];

let harness: Harness;
let gateway: Gateway;
let orphan: Gateway;

beforeAll(async () => {
  harness = await startHarness({ policyFile: FAULT_DRILL });
  gateway = await startGateway({ router: harness.router, client: harness.client, policy: harness.policy, port: 0 });
  // A router whose task queue no worker polls.
  const lonely = new RouterClient({
    client: harness.client,
    policy: harness.policy,
    taskQueue: `nobody-${randomUUID()}`,
  });
  orphan = await startGateway({ router: lonely, client: harness.client, policy: harness.policy, port: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await orphan?.close();
  await harness?.stop();
});

const post = (base: string, body: object, headers: Record<string, string> = {}) =>
  fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('health', () => {
  it('is live while serving, and ready only with Temporal and a polling worker', async () => {
    const live = await fetch(`${orphan.url}/health/liveness`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ ok: true });

    const notReady = await fetch(`${orphan.url}/health/readiness`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({
      ok: false,
      temporal: true,
      workflowPollers: 0,
      activityPollers: 0,
      missing: ['workflow-poller', 'activity-poller'],
      reason: expect.stringContaining('no worker polled'),
    });
    const healthz = await fetch(`${orphan.url}/healthz`);
    expect(healthz.status).toBe(503);
    expect(await healthz.json()).toMatchObject({ ok: false, policyVersion: harness.policy.policy.version });

    const ready = await fetch(`${gateway.url}/health/readiness`);
    expect(ready.status).toBe(200);
    const body = await ready.json();
    expect(body).toMatchObject({ ok: true, temporal: true, missing: [], taskQueue: harness.taskQueue });
    expect(body.workflowPollers).toBeGreaterThanOrEqual(1);
    expect(body.activityPollers).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });

  it('answers a request 503 no_worker at once when no worker polls, starting nothing', async () => {
    const started = performance.now();
    const response = await post(orphan.url, { model: 'ok', messages: ask('anyone there?') });
    const tookMs = performance.now() - started;
    expect(response.status).toBe(503);
    expect(response.headers.get('x-should-retry')).toBe('true');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toMatchObject({ error: { type: 'server_error', code: 'no_worker' } });
    // A behaviour bound (it used to hang ~60 s), not a speed benchmark.
    expect(tookMs).toBeLessThan(3000);
  });
});

describe('pollers that look alive but are gone', () => {
  it('answers 503 no_worker with the workflow id when nobody picks the first task up, and cancels it', async () => {
    const taskQueue = `gone-${randomUUID().slice(0, 8)}`;
    const departed = await startWorkerStack({
      address: inject('temporalAddress'),
      namespace: inject('temporalNamespace'),
      taskQueue,
      trust: loadWorkerTrust({ loaded: [harness.policy] }, { env: {} }),
      fake: null,
      workflowBundlePath: inject('workflowBundlePath'),
      workerDataConverter: {},
      clientDataConverter: {},
    });
    const router = new RouterClient({ client: harness.client, policy: harness.policy, taskQueue });
    const stale = await startGateway({
      router,
      client: harness.client,
      policy: harness.policy,
      port: 0,
      firstTaskTimeoutMs: 1500,
    });
    try {
      await until(async () => (await fetch(`${stale.url}/health/readiness`)).status === 200, 30_000);
      await departed.stop(); // its pollers stay listed (recently seen) for up to the 90 s window
      await new Promise((resolve) => setTimeout(resolve, 1100)); // past the readiness cache
      const readiness = await (await fetch(`${stale.url}/health/readiness`)).json();
      const started = performance.now();
      const response = await post(stale.url, { model: 'ok', messages: ask('is anyone home?') });
      const tookMs = performance.now() - started;
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'no_worker' } });
      const workflowId = response.headers.get('x-switchyard-workflow-id');
      console.info(
        `stale pollers: readiness ok=${readiness.ok} after the worker stopped; 503 after ${Math.round(tookMs)} ms, workflow ${workflowId ?? 'none'}`,
      );
      if (readiness.ok) {
        // Readiness still counted the departed worker: the first-task bound answered.
        expect(workflowId).toBeTruthy();
        expect(tookMs).toBeGreaterThanOrEqual(1500);
        const handle = harness.client.workflow.getHandle(workflowId!);
        // No worker will run it, so it cannot end CANCELLED yet; the request to cancel is in its history.
        const cancelRequested = async () =>
          ((await handle.fetchHistory()).events ?? []).some(
            (event) => event.workflowExecutionCancelRequestedEventAttributes != null,
          );
        await until(cancelRequested);
        await handle.terminate('test cleanup: no worker will ever run it');
      } else {
        expect(workflowId).toBeNull(); // the server already dropped the pollers: refused before starting
      }
    } finally {
      await stale.close();
    }
  });
});

/** Sends a non-streamed request on a raw socket and destroys it once `hangUpWhen` holds. */
async function hangUp(body: object, headers: Record<string, string>, hangUpWhen: () => boolean): Promise<void> {
  const sent = rawRequest(gateway.url, body, headers);
  await until(hangUpWhen);
  sent.destroy();
}

/** A non-streamed request on a plain Node socket (so a test can hang up by destroying it). */
function rawRequest(base: string, body: object, headers: Record<string, string> = {}) {
  const url = new URL(`${base}/v1/chat/completions`);
  const sent = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
  sent.on('error', () => undefined);
  sent.end(JSON.stringify(body));
  return sent;
}

describe('client hang-up', () => {
  it('cancels the workflow of a non-streamed request without an idempotency key', async () => {
    const before = harness.started.length;
    await hangUp({ model: 'slow', messages: ask('never mind') }, {}, () => harness.started.length > before);
    const handle = harness.client.workflow.getHandle(harness.started.at(-1)!);
    await until(async () => (await handle.describe()).status.name === 'CANCELLED');
  });

  it('keeps a request with an Idempotency-Key running; the retry with that key gets its result', async () => {
    const key = `resume-${randomUUID()}`;
    const before = harness.started.length;
    await hangUp(
      { model: 'slow', messages: ask('I will be back') },
      { 'idempotency-key': key },
      () => harness.started.length > before,
    );
    const workflowId = harness.started.at(-1)!;
    expect(workflowId).toContain(key);
    const retry = await post(
      gateway.url,
      { model: 'slow', messages: ask('I will be back') },
      { 'idempotency-key': key },
    );
    expect(retry.status).toBe(200);
    expect(retry.headers.get('x-switchyard-workflow-id')).toBe(workflowId);
    const answer = await retry.json();
    expect(answer.choices[0].message.content).toBeTruthy();
    expect((await harness.client.workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED');
  });
});

/**
 * A policy whose `slow` route calls a model answering after 3 s (attempt limit well above it), and whose
 * `linger` route takes a minute (still running when the server is back, so a hang-up has something to cancel).
 */
const SLOW_POLICY = `
version: restart-drill-1
defaults: { timeoutMs: 8000, firstTokenTimeoutMs: 8000, deadlineMs: 45000, retries: 1, retryDelayMs: 100 }
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  slow3: { provider: fake, id: 'slow:ms=3000', contextTokens: 16000, price: { inputPer1M: 0.1, outputPer1M: 0.1 } }
  ok: { provider: fake, id: ok, contextTokens: 16000, price: { inputPer1M: 0.1, outputPer1M: 0.1 } }
  slow60: { provider: fake, id: 'slow:ms=60000', contextTokens: 16000, price: { inputPer1M: 0.1, outputPer1M: 0.1 } }
routes:
  - { name: slow, primary: slow3, fallbacks: [ok] }
  - { name: linger, primary: slow60, timeoutMs: 90000, firstTokenTimeoutMs: 90000, deadlineMs: 120000 }
access: { forceRoutes: all }
`;

/**
 * How long the server stays down, ms: longer than the Temporal client's own gRPC retries (10 attempts,
 * ~20 s of backoff), so only the gateway's reconnecting wait can still answer.
 */
const OUTAGE_MS = 22_000;

describe('a Temporal restart under requests in flight', () => {
  let directory: string;
  let server: DevServer;
  let stack: WorkerStack;
  let drill: Gateway;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'switchyard-restart-'));
    server = await startDevServer({ dbFile: join(directory, 'temporal.db') });
    const policy = parsePolicyText(SLOW_POLICY, '/virtual/restart-drill.yaml', 'restart-drill.yaml');
    stack = await startWorkerStack({
      address: server.address,
      namespace: server.namespace,
      taskQueue: `restart-${randomUUID().slice(0, 8)}`,
      trust: loadWorkerTrust({ loaded: [policy] }, { env: {} }),
      fake: { port: 0 },
      workflowBundlePath: inject('workflowBundlePath'),
      workerDataConverter: {},
      clientDataConverter: {},
    });
    drill = await startGateway({
      router: stack.router,
      client: stack.client,
      policy,
      port: 0,
      keepAliveMs: 500,
      pollTimeoutMs: 5000,
    });
    // A new worker's first polls take a moment to reach the server: wait as an orchestrator would.
    await until(async () => (await fetch(`${drill.url}/health/readiness`)).status === 200, 30_000);
  });

  afterAll(async () => {
    await drill?.close();
    await stack?.stop();
    await server?.stop({ kill: true });
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('answers requests in flight while the server is killed and restarted; a hang-up in the outage still cancels', async () => {
    const fake = stack.fake!;
    const startedAt = performance.now();
    const settle = <T>(promise: Promise<T>) =>
      promise.then(
        (value) => ({ ok: true as const, value, atMs: performance.now() - startedAt }),
        (error: unknown) => ({ ok: false as const, error: String(error), atMs: performance.now() - startedAt }),
      );
    const plain = settle(
      post(drill.url, { model: 'slow', messages: ask('survive a restart') }).then(async (response) => ({
        status: response.status,
        body: await response.json(),
      })),
    );
    const streamed = settle(
      post(drill.url, { model: 'slow', stream: true, messages: ask('stream through a restart') }).then(
        async (response) => ({ status: response.status, text: await response.text() }),
      ),
    );
    // A third client hangs up while the server is down: its workflow is cancelled once the server is back.
    const leaving = rawRequest(drill.url, { model: 'linger', messages: ask('leaving during the outage') });
    // All three calls are on the wire at the fake provider: kill the server under them.
    await until(
      () =>
        fake.attempts({ model: 'slow:ms=3000' }).length >= 2 && fake.attempts({ model: 'slow:ms=60000' }).length >= 1,
      30_000,
      async () =>
        JSON.stringify({ attempts: fake.attempts().map((attempt) => attempt.model), plain: await peek(plain) }),
    );
    const leftWorkflow = fake.attempts().find((attempt) => attempt.text.includes('leaving during'))!.workflowId!;
    const ports = {
      port: portOf(server.address),
      httpPort: portOf(server.httpUrl!),
      metricsPort: portOf(server.metricsUrl!),
    };
    await server.stop({ kill: true });
    // Readiness answers are cached for a second; then it reports Temporal missing.
    let down: unknown;
    await until(async () => {
      const response = await fetch(`${drill.url}/health/readiness`);
      down = await response.json();
      return response.status === 503;
    }, 10_000);
    expect(down).toMatchObject({ temporal: false, missing: ['temporal'] });
    leaving.destroy();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    server = await startDevServer({ dbFile: join(directory, 'temporal.db'), ...ports });

    const answered = await plain;
    expect(answered.ok && answered.value.status, JSON.stringify(answered).slice(0, 500)).toBe(200);
    const body = answered.ok ? answered.value.body : null;
    expect(body.choices[0].message.content).toBeTruthy();
    expect(body.choices[0].finish_reason).toBe('stop');

    const stream = await streamed;
    expect(stream.ok && stream.value.status, JSON.stringify(stream).slice(0, 500)).toBe(200);
    const text = stream.ok ? stream.value.text : '';
    const last =
      text
        .split('\n\n')
        .filter((event) => event.startsWith('data: '))
        .at(-1) ?? '';
    // Its answer, or a clean error event: never silence, never a bare end.
    expect(last === 'data: [DONE]' || last.includes('"error"'), text.slice(-500)).toBe(true);
    if (last === 'data: [DONE]') expect(text).toContain('"content"');
    console.info(
      `restart drill (${OUTAGE_MS} ms outage): non-streamed answered after ${Math.round(answered.atMs)} ms, ` +
        `streamed ended after ${Math.round(stream.atMs)} ms (${last.slice(0, 40)})`,
    );

    const left = stack.client.workflow.getHandle(leftWorkflow);
    await until(async () => (await left.describe()).status.name === 'CANCELLED', 30_000);
    // Workers poll the restarted server again: ready once more.
    await until(async () => (await fetch(`${drill.url}/health/readiness`)).status === 200, 60_000);
  }, 120_000);
});

function portOf(address: string): number {
  return Number(
    address
      .replace(/\/metrics$/, '')
      .split(':')
      .at(-1),
  );
}

/** Whether a promise has settled, and its value (for failure messages). */
async function peek<T>(promise: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 0))]);
}

async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  explain: () => string | Promise<string> = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met in time ${await explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
