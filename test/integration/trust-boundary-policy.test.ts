import { randomBytes, randomUUID } from 'node:crypto';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptionRequiredError, RouterClient } from '../../src/client/router-client.js';
import { parsePolicyText, policyHash } from '../../src/config/load-policy.js';
import type { Policy } from '../../src/policy/schema.js';
import type { RouteResult } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';
import { historyPayloadTexts } from '../support/trust-boundary-history.js';

/**
 * Trust boundary (ARCHITECTURE §0), end to end against a real dev server and the real fake provider: a caller
 * cannot bring its own policy (provider URL, key variable), cannot pin a different policy under the worker's
 * version name, and cannot get a worker holding codec keys to process plaintext (idempotency:
 * trust-boundary-idempotency.test.ts). Each case is an attack that worked before workers owned their policies (9e9deac).
 */
const WORKER_YAML = `
version: trust-boundary-1
defaults: { timeoutMs: 3000, deadlineMs: 10000, retries: 1, retryDelayMs: 50, maxOutputTokens: 200 }
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal] }
  vault: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake, id: ok, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 2 } }
  private: { provider: vault, id: ok, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 2 } }
routes:
  - name: restricted
    when: { dataClass: restricted }
    primary: private
  - name: default
    primary: ok
`;
const SECOND_YAML = WORKER_YAML.replace('version: trust-boundary-1', 'version: trust-boundary-2');
/** The value of a key variable the worker holds: it must never leave the worker. */
const WORKER_SECRET = `k1:${randomBytes(32).toString('base64')}`;

/** A TCP listener that counts every byte and connection it receives (the attacker's "provider"). */
async function countingListener(): Promise<{
  server: Server;
  port: number;
  bytes: () => number;
  connections: () => number;
}> {
  let bytes = 0;
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.on('data', (chunk) => {
      bytes += chunk.length;
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    bytes: () => bytes,
    connections: () => connections,
  };
}

/** The worker's policy rewritten by an attacker: every model on a provider it controls, with the worker's key. */
function hostilePolicy(base: Policy, port: number): Policy {
  const copy = JSON.parse(JSON.stringify(base)) as Policy;
  const evil: Policy['providers'][string] = {
    kind: 'openai-compatible',
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKeyEnv: 'SWITCHYARD_CODEC_KEYS',
    dataClasses: ['public', 'internal', 'restricted'],
    fakeProvider: false,
  };
  copy.providers = { fake: evil, vault: evil };
  return copy;
}

/** A result, or the error chain's messages and failure types (so a failed workflow shows why in the diff). */
async function settle(pending: Promise<RouteResult>): Promise<{ result: RouteResult } | { error: string }> {
  try {
    return { result: await pending };
  } catch (error) {
    const chain: string[] = [];
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
      const type = (cause as { type?: unknown }).type;
      chain.push(`${cause.name}${typeof type === 'string' ? `(${type})` : ''}: ${cause.message}`);
    }
    return { error: chain.join(' <- ') };
  }
}

describe('trust boundary: workers own their policies', () => {
  let harness: Harness;
  let listener: Awaited<ReturnType<typeof countingListener>>;

  beforeAll(async () => {
    listener = await countingListener();
    harness = await startHarness({
      policyYaml: WORKER_YAML,
      extraPolicies: [parsePolicyText(SECOND_YAML, '/virtual/second.yaml')],
      // The worker holds a value under the variable the hostile policy names.
      activities: { env: { SWITCHYARD_CODEC_KEYS: WORKER_SECRET } },
    });
  });
  afterAll(async () => {
    await harness?.stop();
    await new Promise((resolve) => listener?.server.close(resolve));
  });

  /** Starts routeRequestWorkflow with a raw input, bypassing RouterClient, and waits for the result. */
  async function startRaw(input: Record<string, unknown>): Promise<RouteResult> {
    const handle = await harness.client.workflow.start('routeRequestWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: `route-hostile-${randomUUID()}`,
      args: [input],
    });
    return (await handle.result()) as RouteResult;
  }

  it('rejects a client-supplied policy (the old input shape): nothing reaches its provider, no key leaks', async () => {
    const policy = hostilePolicy(harness.policy.policy, listener.port);
    const request = { messages: [{ role: 'user', content: 'hi' }] };
    const results = [
      // Exactly what clients sent before the change.
      await startRaw({ request, policy, policyHash: policyHash(policy) }),
      // The new shape with a policy smuggled next to it.
      await startRaw({ request, policyVersion: 'trust-boundary-1', policy }),
      // A provider smuggled into the request itself.
      await startRaw({ request: { ...request, providers: policy.providers } }),
    ];
    for (const result of results) {
      expect(result).toMatchObject({ outcome: 'rejected', answer: null, model: null, attempts: [], costUsd: 0 });
      expect(result.policyVersion).toBeNull();
      expect(JSON.stringify(result)).not.toContain(WORKER_SECRET);
      expect(JSON.stringify(result)).not.toContain(WORKER_SECRET.slice(3));
      expect(harness.fake.attempts({ workflowId: result.workflowId })).toEqual([]);
    }
    const reasons = results.map((result) => result.trail.at(-1)?.reason ?? '');
    expect(reasons[0]).toMatch(/invalid request: .*"policy"/);
    expect(reasons[1]).toMatch(/invalid request: .*"policy"/);
    expect(reasons[2]).toMatch(/invalid request: request.*"providers"/);
    // Give any stray connection time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(listener.connections()).toBe(0);
    expect(listener.bytes()).toBe(0);
  });

  it('refuses a different policy under the worker’s version name (hash mismatch), with no provider call', async () => {
    const forged = parsePolicyText(
      WORKER_YAML.replace('maxOutputTokens: 200', 'maxOutputTokens: 201'),
      '/virtual/forged.yaml',
    );
    expect(forged.policy.version).toBe(harness.policy.policy.version);
    expect(forged.hash).not.toBe(harness.policy.hash);
    const router = new RouterClient({ client: harness.client, taskQueue: harness.taskQueue, policy: forged });
    const handle = await router.start({ messages: [{ role: 'user', content: 'hello there' }] });
    const settled = await settle(handle.result());
    expect(harness.fake.attempts({ workflowId: handle.workflowId })).toEqual([]);
    // The contract: a refused request ends `rejected` with its reason, not as a failed workflow.
    expect(settled).toMatchObject({ result: { outcome: 'rejected', model: null, attempts: [] } });
    const reason = 'result' in settled ? (settled.result.trail.at(-1)?.reason ?? '') : '';
    expect(reason).toContain(`has hash ${harness.policy.hash.slice(0, 12)}`);
    expect(reason).toContain(`expects ${forged.hash.slice(0, 12)}`);
    expect(reason).toContain('differ');
  });

  it('rejects an unknown policy version with a reason listing the versions the worker holds', async () => {
    const router = new RouterClient({
      client: harness.client,
      taskQueue: harness.taskQueue,
      policyVersion: 'attacker-policy-9',
    });
    const handle = await router.start({ messages: [{ role: 'user', content: 'hello there' }] });
    const settled = await settle(handle.result());
    expect(harness.fake.attempts({ workflowId: handle.workflowId })).toEqual([]);
    expect(settled).toMatchObject({ result: { outcome: 'rejected', model: null, attempts: [] } });
    const reason = 'result' in settled ? (settled.result.trail.at(-1)?.reason ?? '') : '';
    expect(reason).toContain('unknown policy version "attacker-policy-9"');
    expect(reason).toContain('trust-boundary-1');
    expect(reason).toContain('trust-boundary-2');
  });
});

describe('trust boundary: a worker holding codec keys refuses plaintext', () => {
  const CARD = '4111 1111 1111 1111';
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      policyYaml: WORKER_YAML,
      codecKeys: [{ id: 'tb-k1', key: randomBytes(32) }],
      clientCodecKeys: null,
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('a client without keys gets EncryptionRequiredError; no provider call, no plaintext after the start event', async () => {
    await expect(
      harness.router.route({ messages: [{ role: 'user', content: `My card ${CARD} was charged twice, please help` }] }),
    ).rejects.toBeInstanceOf(EncryptionRequiredError);
    expect(harness.started).toHaveLength(1);
    const workflowId = harness.started[0]!;
    expect(harness.fake.attempts({ workflowId })).toEqual([]);
    expect(harness.fake.attempts()).toEqual([]);

    const events = (await harness.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    expect(events.length).toBeGreaterThan(1);
    // The client sent the start in plain text: that event holds it (the worker cannot prevent that) ...
    expect(historyPayloadTexts(events.slice(0, 1)).join('\n')).toContain(CARD);
    // ... but nothing the worker wrote afterwards does, in any payload or anywhere in the events.
    for (const text of historyPayloadTexts(events.slice(1))) expect(text).not.toContain('4111');
    const rest = JSON.stringify(events.slice(1), (_key, value) =>
      value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
    );
    expect(rest).not.toContain(CARD);
    expect(rest).not.toContain(CARD.replaceAll(' ', ''));
  });
});
