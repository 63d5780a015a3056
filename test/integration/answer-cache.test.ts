import { setTimeout as sleep } from 'node:timers/promises';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditWorkflow } from '../../src/audit/audit-workflow.js';
import { RouterClient } from '../../src/client/router-client.js';
import { parsePolicyText } from '../../src/config/load-policy.js';
import { createMetricsSinks, createSwitchyardMetrics } from '../../src/metrics/index.js';
import type { RouteRequest, RouteResult } from '../../src/policy/types.js';
import { startWorkerStack, type WorkerStack } from '../../src/stack/start-worker-stack.js';
import { loadWorkerTrust } from '../../src/worker/worker-config.js';
import { replayFailures } from '../support/replay.js';

/** Two versions of one policy: `faq` caches for 5 minutes, `brief` for 1 s (forced by name). */
const policyYaml = (version: string) => `
version: ${version}
defaults: { timeoutMs: 10000, firstTokenTimeoutMs: 10000, deadlineMs: 60000, retries: 0, maxOutputTokens: 64 }
providers:
  fake: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  cheap: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
access: { forceRoutes: all }
routes:
  - { name: faq, primary: cheap, cache: { ttlSeconds: 300 } }
  - { name: brief, primary: cheap, cache: { ttlSeconds: 1 } }
  - { name: plain, primary: cheap }
`;
const v1 = parsePolicyText(policyYaml('cache-test-1'), '/virtual/cache-1.yaml', 'cache-1.yaml');
const v2 = parsePolicyText(policyYaml('cache-test-2'), '/virtual/cache-2.yaml', 'cache-2.yaml');

/**
 * The answer cache on a real dev server: a repeated public request is answered from the worker's cache at no cost
 * (no attempt reaches the fake provider); whitespace variants hit; personal data is never cached; entries expire;
 * another policy version misses; hits and misses reach the metrics; histories replay.
 */
describe('answer cache', () => {
  const metrics = createSwitchyardMetrics();
  const results: RouteResult[] = [];
  let stack: WorkerStack;
  let routerV2: RouterClient;
  let counter = 0;

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Installed already by an earlier file in this process.
    }
    stack = await startWorkerStack({
      address: inject('temporalAddress'),
      namespace: inject('temporalNamespace'),
      taskQueue: `cache-${Date.now().toString(36)}`,
      trust: loadWorkerTrust({ loaded: [v1, v2] }, { env: {} }),
      fake: { port: 0 },
      workflowBundlePath: inject('workflowBundlePath'),
      workerOptions: { sinks: createMetricsSinks(metrics) },
    });
    routerV2 = new RouterClient({ client: stack.client, policy: v2, taskQueue: stack.taskQueue });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** A question no other test asks (the worker's cache lives as long as this file). */
  const question = (topic: string) => `What are the opening hours of the ${topic} office, number ${++counter}?`;

  async function route(request: RouteRequest, router: RouterClient = stack.router): Promise<RouteResult> {
    const result = await router.route(request);
    results.push(result);
    return result;
  }
  const attemptsAtProvider = (result: RouteResult) => stack.fake!.attempts({ workflowId: result.workflowId }).length;
  const cacheEntries = (result: RouteResult) => result.trail.filter((entry) => entry.step === 'cache');
  const ask = (content: string, extra: Partial<RouteRequest> = {}): RouteRequest => ({
    messages: [{ role: 'user', content }],
    ...extra,
  });

  it('answers the same public request again from the cache: no attempt, cost 0, a trail entry', async () => {
    const content = question('Lisbon');
    const first = await route(ask(content));
    const second = await route(ask(content));
    expect(first.outcome).toBe('answered');
    expect(attemptsAtProvider(first)).toBe(1);
    expect(first.costUsd).toBeGreaterThan(0);
    expect(cacheEntries(first).map((entry) => entry.outcome)).toEqual(['miss', 'stored']);

    expect(attemptsAtProvider(second)).toBe(0);
    expect(second).toMatchObject({ outcome: 'answered', costUsd: 0, attempts: [], model: 'cheap', route: 'faq' });
    expect(second.answer).toBe(first.answer);
    expect(second.finish).toBe('stop');
    expect(cacheEntries(second)).toEqual([
      {
        step: 'cache',
        outcome: 'hit',
        reason: expect.stringMatching(/^cached \d+ s ago by route faq \(policy cache-test-1\)$/),
        detail: { model: 'cheap' },
      },
    ]);
    expect(second.trail.at(-1)).toMatchObject({ step: 'answer', outcome: 'answered' });

    const audit = await auditWorkflow(stack.client, second.workflowId);
    expect(audit).toMatchObject({ outcome: 'answered', model: 'cheap', costUsd: 0, attempts: [] });
    expect(audit.steps.map((step) => [step.step, step.outcome])).toContainEqual(['cache', 'hit']);
    expect(JSON.stringify(audit)).not.toContain(content);
  }, 60_000);

  it('a whitespace variant of the same request hits', async () => {
    const content = question('Porto');
    const first = await route(ask(content));
    const variant = await route(ask(`  ${content.replaceAll(' ', '   \n\t')}  `));
    expect(attemptsAtProvider(first)).toBe(1);
    expect(attemptsAtProvider(variant)).toBe(0);
    expect(cacheEntries(variant)[0]?.outcome).toBe('hit');
    expect(variant.answer).toBe(first.answer);
  }, 60_000);

  it('never caches personal data: restricted and internal requests reach the provider every time', async () => {
    const requests = [
      { content: `${question('Faro')} My card is 4111 1111 1111 1111.`, dataClass: 'restricted' },
      { content: `${question('Braga')} Reply to jane.doe@example.com please.`, dataClass: 'internal' },
    ];
    for (const { content, dataClass } of requests) {
      const first = await route(ask(content));
      const second = await route(ask(content));
      for (const result of [first, second]) {
        expect(result.privacy?.dataClass).toBe(dataClass);
        expect(result.outcome).toBe('answered');
        expect(attemptsAtProvider(result)).toBe(1);
        expect(cacheEntries(result)).toEqual([
          { step: 'cache', outcome: 'skip', reason: `data class ${dataClass}: never cached` },
        ]);
      }
    }
  }, 60_000);

  it('an entry expires after the route TTL (ttlSeconds 1, asked again 1.5 s later: a miss)', async () => {
    const content = question('Coimbra');
    const first = await route(ask(content, { route: 'brief' }));
    expect(cacheEntries(first).map((entry) => entry.outcome)).toEqual(['miss', 'stored']);
    await sleep(1500);
    const later = await route(ask(content, { route: 'brief' }));
    expect(later.route).toBe('brief');
    expect(attemptsAtProvider(later)).toBe(1);
    expect(cacheEntries(later).map((entry) => entry.outcome)).toEqual(['miss', 'stored']);
  }, 60_000);

  it('another policy version misses, then caches under its own version', async () => {
    const content = question('Evora');
    const underV1 = await route(ask(content));
    const underV2 = await route(ask(content), routerV2);
    const againV2 = await route(ask(content), routerV2);
    expect(underV2.policyVersion).toBe('cache-test-2');
    expect(attemptsAtProvider(underV1)).toBe(1);
    expect(attemptsAtProvider(underV2)).toBe(1);
    expect(cacheEntries(underV2)[0]?.outcome).toBe('miss');
    expect(attemptsAtProvider(againV2)).toBe(0);
    expect(cacheEntries(againV2)[0]?.reason).toMatch(/by route faq \(policy cache-test-2\)$/);
  }, 60_000);

  it('a route without cache is neither looked up nor noted', async () => {
    const content = question('Aveiro');
    const first = await route(ask(content, { route: 'plain' }));
    const second = await route(ask(content, { route: 'plain' }));
    for (const result of [first, second]) {
      expect(attemptsAtProvider(result)).toBe(1);
      expect(cacheEntries(result)).toEqual([]);
    }
  }, 60_000);

  it('counts hits, misses and stores per route', async () => {
    const count = async (route: string, result: string) => {
      const text = await metrics.registry.metrics();
      const line = new RegExp(`^switchyard_cache_requests_total\\{route="${route}",result="${result}"\\} (\\d+)$`, 'm');
      return Number(text.match(line)?.[1] ?? 0);
    };
    // faq: hits from the repeat, the whitespace variant and v2's repeat; misses and stores from each first ask.
    await expect.poll(() => count('faq', 'hit')).toBe(3);
    await expect.poll(() => count('faq', 'miss')).toBe(4);
    await expect.poll(() => count('faq', 'store')).toBe(4);
    await expect.poll(() => count('brief', 'miss')).toBe(2);
    expect(await count('plain', 'miss')).toBe(0);
  }, 30_000);

  it('histories replay', async () => {
    expect(
      await replayFailures(
        stack.client,
        results.map((result) => result.workflowId),
      ),
    ).toEqual([]);
  }, 120_000);
});
