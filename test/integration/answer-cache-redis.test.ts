import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RedisAnswerStore } from '../../src/cache/redis-store.js';
import { parsePolicyText } from '../../src/config/load-policy.js';
import type { RouteResult } from '../../src/policy/types.js';
import { startWorkerStack, type WorkerStack } from '../../src/stack/start-worker-stack.js';
import { freePort } from '../../src/temporal/free-port.js';
import { loadWorkerTrust } from '../../src/worker/worker-config.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { replayFailures } from '../support/replay.js';

const policy = parsePolicyText(
  `
version: cache-redis-1
defaults: { timeoutMs: 10000, firstTokenTimeoutMs: 10000, deadlineMs: 60000, retries: 0, maxOutputTokens: 64 }
providers:
  fake: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  cheap: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
routes:
  - { name: faq, primary: cheap, cache: { ttlSeconds: 300 } }
`,
  '/virtual/cache-redis.yaml',
  'cache-redis.yaml',
);

/**
 * The shared answer cache against a real redis-server (installed with apt-get when missing, never skipped): two
 * workers, each with its own task queue and fake provider, share one cache through SWITCHYARD_CACHE_REDIS_URL.
 */
describe('answer cache in Redis', () => {
  let redis: RedisServer;
  const stacks: WorkerStack[] = [];
  const results: RouteResult[] = [];

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Installed already by an earlier file in this process.
    }
    redis = await startRedisServer();
    for (const name of ['a', 'b'])
      stacks.push(
        await startWorkerStack({
          address: inject('temporalAddress'),
          namespace: inject('temporalNamespace'),
          taskQueue: `cache-redis-${name}-${Date.now().toString(36)}`,
          trust: loadWorkerTrust({ loaded: [policy] }, { env: {} }),
          fake: { port: 0 },
          workflowBundlePath: inject('workflowBundlePath'),
          activities: { env: { SWITCHYARD_CACHE_REDIS_URL: redis.url } },
        }),
      );
  }, 400_000);
  afterAll(async () => {
    for (const stack of stacks) await stack.stop();
    await redis?.stop();
  });

  it('an answer kept by one worker is served by another', async () => {
    const [a, b] = stacks as [WorkerStack, WorkerStack];
    const ask = { messages: [{ role: 'user' as const, content: 'When does the Lisbon office open on Saturdays?' }] };
    const first = await a.router.route(ask);
    const second = await b.router.route(ask);
    results.push(first, second);
    expect(a.fake!.attempts({ workflowId: first.workflowId })).toHaveLength(1);
    expect(b.fake!.attempts()).toHaveLength(0);
    expect(second).toMatchObject({ outcome: 'answered', costUsd: 0, attempts: [], model: 'cheap' });
    expect(second.answer).toBe(first.answer);
    expect(second.trail.find((entry) => entry.step === 'cache')?.outcome).toBe('hit');
  }, 60_000);

  it('a Redis that is down makes lookups misses: the request is answered as without a cache', async () => {
    const down = await startWorkerStack({
      address: inject('temporalAddress'),
      namespace: inject('temporalNamespace'),
      taskQueue: `cache-redis-down-${Date.now().toString(36)}`,
      trust: loadWorkerTrust({ loaded: [policy] }, { env: {} }),
      fake: { port: 0 },
      workflowBundlePath: inject('workflowBundlePath'),
      activities: { env: { SWITCHYARD_CACHE_REDIS_URL: `redis://127.0.0.1:${await freePort()}` } },
    });
    stacks.push(down);
    const ask = { messages: [{ role: 'user' as const, content: 'When does the Porto office open on Sundays?' }] };
    const result = await down.router.route(ask);
    results.push(result);
    expect(result.outcome).toBe('answered');
    expect(down.fake!.attempts({ workflowId: result.workflowId })).toHaveLength(1);
    expect(result.trail.filter((entry) => entry.step === 'cache')).toEqual([
      { step: 'cache', outcome: 'error', reason: 'lookup failed: treated as a miss, answer not kept' },
    ]);
  }, 60_000);

  it('histories replay', async () => {
    expect(
      await replayFailures(
        stacks[0]!.client,
        results.map((result) => result.workflowId),
      ),
    ).toEqual([]);
  }, 60_000);

  it('the store expires entries (PX) and keeps at most maxEntries per route, least recently used first', async () => {
    let tick = Date.now();
    // A clock that always moves on, so recency never ties within one millisecond.
    const store = new RedisAnswerStore({ url: redis.url, prefix: 'test:store:', now: () => (tick += 1) });
    const entry = { answer: 'nine to five', model: 'cheap', finish: 'stop' as const };
    try {
      await store.set({ key: 'short', route: 'r', ttlSeconds: 1, entry });
      expect(await store.get('short')).toMatchObject(entry);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await store.get('short')).toBeNull();

      for (const key of ['a', 'b']) await store.set({ key, route: 'lru', ttlSeconds: 60, maxEntries: 2, entry });
      await store.get('a'); // a is now more recent than b
      await store.set({ key: 'c', route: 'lru', ttlSeconds: 60, maxEntries: 2, entry });
      expect(await store.get('b')).toBeNull();
      expect(await store.get('a')).toMatchObject(entry);
      expect(await store.get('c')).toMatchObject(entry);
    } finally {
      store.close();
    }
  }, 30_000);
});
