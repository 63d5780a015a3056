import { afterEach, describe, expect, it } from 'vitest';
import { CanaryBoard } from '../../src/canary/canary-board.js';
import { canaryStatus, promoteCanary } from '../../src/canary/canary-status.js';
import { canaryControllerId } from '../../src/canary/worker-canary.js';
import { parsePolicyText } from '../../src/config/load-policy.js';
import { startGateway } from '../../src/gateway/index.js';
import { type CanarySettingsInput, CanarySettingsSchema } from '../../src/policy/canary-schema.js';
import { inSlice } from '../../src/policy/canary-slice.js';
import type { RouteResult } from '../../src/policy/types.js';
import { runCli } from '../e2e/support/run-cli.js';
import { type Harness, startHarness, temporalFlags } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/**
 * Canary rollouts on a real dev server with the fake provider: the slice the results record matches the slice
 * function; a candidate whose model fails is rolled back by the controller, after which the active version serves
 * every request; a healthy candidate is promoted (by the controller, or by a person); histories replay.
 */
const policyYaml = (version: string, modelId: string) => `
version: ${version}
defaults: { timeoutMs: 4000, deadlineMs: 20000, retries: 0, retryDelayMs: 50, maxOutputTokens: 100 }
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  main: { provider: fake, id: '${modelId}', contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
routes:
  - { name: main, primary: main }
`;
const ACTIVE = policyYaml('canary-active-1', 'ok');
const candidate = (version: string, modelId: string) =>
  parsePolicyText(policyYaml(version, modelId), `/virtual/${version}.yaml`, `${version}.yaml`);

let harness: Harness | null = null;
let board: CanaryBoard;
afterEach(async () => {
  await board?.close();
  await harness?.stop();
  harness = null;
});

async function start(version: string, modelId: string, settings: CanarySettingsInput): Promise<Harness> {
  board = new CanaryBoard();
  harness = await startHarness({
    policyYaml: ACTIVE,
    canary: { candidate: candidate(version, modelId), settings },
    activities: { canaryBoard: board },
  });
  return harness;
}

/** Routes `count` requests, ten at a time, with request ids `prefix-N`. */
async function routeMany(h: Harness, prefix: string, count: number): Promise<RouteResult[]> {
  const results: RouteResult[] = [];
  for (let from = 0; from < count; from += 10) {
    const batch = Array.from({ length: Math.min(10, count - from) }, (_, index) =>
      h.router.route({ requestId: `${prefix}-${from + index}`, messages: [{ role: 'user', content: 'Where is it?' }] }),
    );
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

/** Routes batches until the controller reaches `state` (at most `maxBatches`); returns its status. */
async function routeUntil(h: Harness, prefix: string, state: string, maxBatches = 30) {
  for (let batch = 0; batch < maxBatches; batch += 1) {
    await routeMany(h, `${prefix}-${batch}`, 10);
    await board.syncNow();
    const status = await canaryStatus(h.client, { taskQueue: h.taskQueue });
    if (status.state === state) return status;
  }
  return canaryStatus(h.client, { taskQueue: h.taskQueue });
}

describe('canary rollout', () => {
  it('sends the slice the slice function names to the candidate, and says so in every result', async () => {
    const h = await start('canary-slice-2', 'ok', { percent: 10 });
    await routeMany(h, 'warm-up', 1); // starts the controller
    await board.syncNow();
    const results = await routeMany(h, 'slice', 100);
    const settings = CanarySettingsSchema.parse({ percent: 10 });
    for (const [index, result] of results.entries()) {
      const facts = { requestId: `slice-${index}`, caller: null, metadata: {} };
      const expected = inSlice(settings, 'canary-slice-2', facts) ? 'canary' : 'active';
      expect(result.rollout?.role, `${result.workflowId}: ${result.rollout?.reason}`).toBe(expected);
      expect(result.policyVersion).toBe(expected === 'canary' ? 'canary-slice-2' : 'canary-active-1');
      if (expected === 'canary') expect(result.rollout?.reason).toMatch(/^slice 10 % by requestId/);
      const validate = result.trail.find((entry) => entry.step === 'validate');
      expect(validate?.reason).toContain(`${expected}: `);
    }
    const canaries = results.filter((result) => result.rollout?.role === 'canary').length;
    expect(canaries).toBeGreaterThan(0);
    expect(canaries).toBeLessThan(30);

    await board.syncNow();
    const cli = await runCli(['canary', 'status', '--json', ...temporalFlags(h)]);
    expect(cli.code, cli.stderr).toBe(0);
    const status = JSON.parse(cli.stdout);
    expect(status).toMatchObject({
      active: 'canary-active-1',
      candidate: 'canary-slice-2',
      percent: 10,
      state: 'running',
      served: { active: expect.any(Number), canary: expect.any(Number) },
    });
    expect(status.guardrails.map((row: { name: string }) => row.name)).toEqual([
      'success-rate',
      'p95-latency-ms',
      'format-failure-rate',
      'cost-per-success-usd',
    ]);
    for (const row of status.guardrails)
      expect(Object.keys(row).sort()).toEqual(['active', 'candidate', 'limit', 'name', 'ok']);
    const controller = canaryControllerId(h.taskQueue, { version: 'canary-slice-2', hash: status.candidateHash });
    expect(await replayFailures(h.client, [...h.started.slice(0, 30), controller])).toEqual([]);
  });

  it('rolls back a candidate whose model fails; then the active version serves every request', async () => {
    const h = await start('canary-broken-2', 'error:status=400', { percent: 50 });
    const status = await routeUntil(h, 'broken', 'rolled-back');
    expect(status.state).toBe('rolled-back');
    expect(status.decisions.map((decision) => decision.kind)).toEqual(['rollback']);
    expect(status.stateReason).toMatch(/success-rate/);
    expect(status.guardrails.find((row) => row.name === 'success-rate')?.ok).toBe(false);
    expect(status.served.canary).toBeGreaterThanOrEqual(20);

    await board.syncNow();
    const after = await routeMany(h, 'after', 20);
    for (const result of after) {
      expect(result.rollout).toEqual({
        role: 'active',
        reason: expect.stringMatching(/canary canary-broken-2 rolled back/),
      });
      expect(result.policyVersion).toBe('canary-active-1');
      expect(result.outcome).toBe('answered');
    }
    expect(await replayFailures(h.client, [...h.started.slice(-10), status.workflowId])).toEqual([]);
  });

  it('promotes a healthy candidate after N requests; then it serves every request', async () => {
    const h = await start('canary-healthy-2', 'ok', {
      percent: 50,
      minRequests: 10,
      promoteAfter: 10,
      // Latency on a shared test machine is noise: this test is about the promotion path.
      guardrails: { p95LatencyRisePercent: 10_000 },
    });
    const status = await routeUntil(h, 'healthy', 'promoted');
    expect(status.state).toBe('promoted');
    expect(status.decisions).toEqual([expect.objectContaining({ kind: 'promote', by: null })]);
    await board.syncNow();
    for (const result of await routeMany(h, 'promoted', 10)) {
      expect(result.rollout).toEqual({ role: 'canary', reason: expect.stringMatching(/^promoted/) });
      expect(result.policyVersion).toBe('canary-healthy-2');
    }
    const gateway = await startGateway({ router: h.router, client: h.client, policy: h.policy, port: 0 });
    try {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Where is it?' }] }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-switchyard-policy-version')).toBe('canary-healthy-2');
      expect(response.headers.get('x-switchyard-rollout-role')).toBe('canary');
      expect(response.headers.get('x-switchyard-rollout-reason')).toMatch(/^promoted/);
    } finally {
      await gateway.close();
    }
  });

  it('waits for a person when promotion is manual; the promotion records who promoted', async () => {
    const h = await start('canary-manual-2', 'ok', {
      percent: 50,
      minRequests: 10,
      promoteAfter: 10,
      promotion: 'manual',
      guardrails: { p95LatencyRisePercent: 10_000 },
    });
    const waiting = await routeUntil(h, 'manual', 'waiting-for-promotion');
    expect(waiting.state).toBe('waiting-for-promotion');
    const promoted = await promoteCanary(h.client, { taskQueue: h.taskQueue }, 'alice@example.com');
    expect(promoted.state).toBe('promoted');
    expect(promoted.decisions.map((decision) => [decision.kind, decision.by])).toEqual([
      ['wait', null],
      ['promote', 'alice@example.com'],
    ]);
    await expect(promoteCanary(h.client, { taskQueue: h.taskQueue }, 'bob')).rejects.toThrow();
    expect(await replayFailures(h.client, [promoted.workflowId])).toEqual([]);
  });
});
