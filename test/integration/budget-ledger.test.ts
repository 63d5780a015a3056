import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { budgetPeriod, ledgerWorkflowId } from '../../src/policy/budget-period.js';
import type { RouteResult } from '../../src/policy/types.js';
import { ledgerStatusQuery, reserveUpdate } from '../../workflows/budget-messages.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const REQUESTS = 500;
/** Fake model `ok` at 3 / 15 USD per 1M tokens: a worst case of ~$0.001 per attempt, ~$0.0004 actual. */
const LIMIT_USD = 0.04;

function policyYaml(budget: string, webhook: string): string {
  return `
version: budget-ledger-test-1
defaults: { timeoutMs: 10000, firstTokenTimeoutMs: 10000, deadlineMs: 120000, retries: 0, maxOutputTokens: 64 }
providers:
  fake: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 3, outputPer1M: 15 } }
  pricey: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 30, outputPer1M: 150 } }
routes:
  - name: premium
    when: { metadata: { lane: premium } }
    primary: pricey
    fallbacks: [ok]
  - name: plain
    when: { metadata: { lane: plain } }
    primary: ok
  - name: timed
    when: { metadata: { lane: timed } }
    primary: ok
  - name: default
    primary: ok
access: { metadataKeys: [lane] }
budgets:
  - name: ${budget}-timed
    scope: { route: timed }
    period: day
    limitUsd: 1000
  - name: ${budget}-premium
    scope: { model: pricey }
    period: day
    limitUsd: 0.000001
    onExhausted: cheaper
  - name: ${budget}-plain-free
    scope: { metadata: { lane: nobody } }
    period: day
    limitUsd: 1
  - name: ${budget}
    scope: { route: default }
    period: day
    limitUsd: ${LIMIT_USD}
    onExhausted: degrade
    alertAt: [0.1, 0.25, 1.0]
    alert: { webhook: "${webhook}" }
`;
}

/**
 * The spend ledger under load and crashes: 500 concurrent requests against a small daily cap end with committed
 * spend ≤ the cap (from the ledger and from the results), the rest degraded with the reason in the trail, while
 * the worker running them is SIGKILLed and another takes over; alerts once per threshold; histories replay.
 */
describe('budget ledger', () => {
  let harness: Harness;
  let child: ChildProcess | undefined;
  let hooks: Server;
  const alerts: { threshold: number; budget: string }[] = [];
  const budget = `cap-${randomUUID().slice(0, 8)}`;
  let policyFile = '';
  /** Task queue of the 500-request run: its ledger lives there, and a query needs a worker polling it. */
  let crashQueue = '';

  beforeAll(async () => {
    hooks = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        alerts.push(JSON.parse(body));
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    const port = (hooks.address() as { port: number }).port;
    policyFile = join(tmpdir(), `${budget}.yaml`);
    writeFileSync(policyFile, policyYaml(budget, `http://127.0.0.1:${port}/alerts`));
    harness = await startHarness({ policyFile });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await harness?.stop();
    hooks?.close();
  });

  it('500 concurrent requests never spend past the cap, through a worker SIGKILL', async () => {
    const taskQueue = `budget-${randomUUID().slice(0, 8)}`;
    crashQueue = taskQueue;
    child = spawn(
      process.execPath,
      [
        'bin/switchyard.js',
        'worker',
        '--policy',
        policyFile,
        '--task-queue',
        taskQueue,
        '--address',
        inject('temporalAddress'),
      ],
      {
        env: { ...process.env, SWITCHYARD_FAKE_PROVIDER_URL: harness.fake.url, SWITCHYARD_LOG_LEVEL: 'warn' },
        stdio: 'ignore',
      },
    );
    const { RouterClient } = await import('../../src/client/router-client.js');
    const router = new RouterClient({ client: harness.client, policy: harness.policy, taskQueue });
    const handles = await Promise.all(
      Array.from({ length: REQUESTS }, (_, index) =>
        router.start({ messages: [{ role: 'user', content: `hello ${index}` }] }),
      ),
    );
    // Kill the worker once some requests reached the provider: the rest (and the ledger) continue elsewhere.
    await expect.poll(() => harness.fake.attempts({}).length, { timeout: 60_000, interval: 50 }).toBeGreaterThan(20);
    child.kill('SIGKILL');

    const { NativeConnection } = await import('@temporalio/worker');
    const { createSwitchyardWorker } = await import('../../src/worker/create-worker.js');
    const { loadWorkerTrust } = await import('../../src/worker/worker-config.js');
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const worker = await createSwitchyardWorker({
      connection,
      trust: loadWorkerTrust({ loaded: [harness.policy] }, { env: {} }),
      taskQueue,
      workflowBundlePath: inject('workflowBundlePath'),
      activities: { fakeProviderUrl: harness.fake.url },
    });
    const started = Date.now();
    const ledgerId = ledgerWorkflowId(budget, budgetPeriod('day', 'UTC', started).key);
    const ledger = harness.client.workflow.getHandle(ledgerId);
    const { results, status } = await worker.runUntil(async () => {
      const all: RouteResult[] = await Promise.all(handles.map((handle) => handle.result()));
      const now = await ledger.query(ledgerStatusQuery);
      console.log(`ledger after the run: ${JSON.stringify(now)}`);
      // Alert activities run on this worker: wait until every alert the ledger decided was delivered.
      await expect.poll(() => alerts.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(now.alertsSent.length);
      return { results: all, status: now };
    });

    const answered = results.filter((result) => result.outcome === 'answered');
    const degraded = results.filter((result) => result.outcome === 'degraded');
    const resultsCost = results.reduce((sum, result) => sum + result.costUsd, 0);
    console.log(
      `budget ledger: ${answered.length} answered, ${degraded.length} degraded; committed $${status.spentUsd} ` +
        `(results $${resultsCost.toFixed(6)}) of $${LIMIT_USD}; reserved $${status.reservedUsd}; ` +
        `${status.expiredReservations} expired; alerts ${JSON.stringify(status.alertsSent)}`,
    );
    expect(answered.length + degraded.length).toBe(REQUESTS);
    expect(answered.length).toBeGreaterThan(20);
    expect(degraded.length).toBeGreaterThan(0);
    expect(status.spentUsd).toBeLessThanOrEqual(LIMIT_USD);
    expect(resultsCost).toBeLessThanOrEqual(LIMIT_USD + 1e-9);
    // Nothing lost or double-counted: the ledger holds exactly what the answered requests cost (micro-dollar units).
    expect(Math.abs(status.spentUsd - resultsCost)).toBeLessThanOrEqual(REQUESTS * 1e-6);
    expect(status.reservedUsd).toBe(0);
    // Requests whose attempt was on the wire when the worker died end as the ladder says (the attempt timed out);
    // every other degraded request was refused by the budget, with the reason in its trail.
    const killed = degraded.filter((result) =>
      result.attempts.some((attempt) => attempt.errorType === 'ActivityTimeout'),
    );
    console.log(`budget ledger: ${killed.length} request(s) lost their attempt to the SIGKILL`);
    const unexplained = degraded.filter(
      (result) =>
        !killed.includes(result) &&
        !result.trail.some((entry) => entry.step === 'budget' && entry.reason.includes(`budget ${budget} exhausted`)),
    );
    if (unexplained.length > 0)
      console.log(`degraded without a budget reason: ${JSON.stringify(unexplained[0]!.trail)}`);
    expect(unexplained).toEqual([]);
    // Each threshold once per budget and period.
    const thresholds = alerts.filter((alert) => alert.budget === budget).map((alert) => alert.threshold);
    expect(new Set(thresholds).size).toBe(thresholds.length);
    expect(thresholds).toEqual(expect.arrayContaining([0.1, 0.25]));
    expect(status.alertsSent.slice().sort()).toEqual(thresholds.slice().sort());

    const sample = [...answered.slice(0, 5), ...degraded.slice(0, 5)].map((result) => result.workflowId);
    expect(await replayFailures(harness.client, [...sample, ledgerId])).toEqual([]);
    await connection.close();
  }, 300_000);

  it('measures what a reservation costs: routed with a budget vs without (sequential requests)', async () => {
    const latencies = async (lane: string) => {
      const values: number[] = [];
      for (let index = 0; index < 40; index += 1) {
        const result = await harness.router.route({
          messages: [{ role: 'user', content: `time ${index}` }],
          metadata: { lane },
        });
        expect(result.outcome).toBe('answered');
        if (index >= 5) values.push(result.latencyMs); // the first ones warm caches and start the ledger
      }
      values.sort((a, b) => a - b);
      const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
      return { p50: at(0.5), p95: at(0.95) };
    };
    const plain = await latencies('plain');
    const timed = await latencies('timed');
    console.log(
      `reservation overhead: routed without budget p50 ${plain.p50} ms p95 ${plain.p95} ms; with budget p50 ${timed.p50} ms ` +
        `p95 ${timed.p95} ms; reserve+commit adds p50 ${timed.p50 - plain.p50} ms, p95 ${timed.p95 - plain.p95} ms`,
    );
    const trail = (
      await harness.router.route({ messages: [{ role: 'user', content: 'x' }], metadata: { lane: 'plain' } })
    ).trail;
    expect(trail.some((entry) => entry.step === 'budget')).toBe(false);
  }, 120_000);

  it('onExhausted cheaper: a budget on the premium model sends the request to the next cheaper candidate', async () => {
    const result = await harness.router.route({
      messages: [{ role: 'user', content: 'premium please' }],
      metadata: { lane: 'premium' },
    });
    expect(result.outcome).toBe('answered');
    expect(result.model).toBe('ok');
    expect(result.attempts.map((attempt) => attempt.model)).toEqual(['ok']);
    const entry = result.trail.find((item) => item.step === 'budget');
    expect(entry?.outcome).toBe('cheaper');
    expect(entry?.reason).toMatch(
      new RegExp(
        `^budget ${budget}-premium exhausted: spent \\$0 \\+ reserved \\$0 \\+ attempt \\$[0-9.]+ > \\$0\\.000001 \\(pricey\\)$`,
      ),
    );
  }, 60_000);

  it('budget status --json prints one object per budget with the contract fields', async () => {
    const { execFile } = await import('node:child_process');
    const { NativeConnection } = await import('@temporalio/worker');
    const { createSwitchyardWorker } = await import('../../src/worker/create-worker.js');
    const { loadWorkerTrust } = await import('../../src/worker/worker-config.js');
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    // Ledgers answer queries through a worker on their task queue (the 500-request run's worker is gone).
    const worker = await createSwitchyardWorker({
      connection,
      trust: loadWorkerTrust({ loaded: [harness.policy] }, { env: {} }),
      taskQueue: crashQueue,
      workflowBundlePath: inject('workflowBundlePath'),
      activities: { fakeProviderUrl: harness.fake.url },
    });
    const cli = new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [
          'bin/switchyard.js',
          'budget',
          'status',
          '--json',
          '--policy',
          policyFile,
          '--address',
          inject('temporalAddress'),
          '--namespace',
          inject('temporalNamespace'),
        ],
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    const output = await worker.runUntil(cli);
    await connection.close();
    const rows = JSON.parse(output) as Record<string, unknown>[];
    expect(rows.map((row) => row.name)).toEqual([
      `${budget}-timed`,
      `${budget}-premium`,
      `${budget}-plain-free`,
      budget,
    ]);
    for (const row of rows) {
      for (const key of ['name', 'period', 'periodEnd', 'spentUsd', 'reservedUsd', 'limitUsd'])
        expect(row).toHaveProperty(key);
    }
    const cap = rows.find((row) => row.name === budget)!;
    expect(cap).toMatchObject({ period: 'day', limitUsd: LIMIT_USD, reservedUsd: 0 });
    expect(cap.spentUsd as number).toBeGreaterThan(0);
    expect(cap.spentUsd as number).toBeLessThanOrEqual(LIMIT_USD);
  }, 60_000);

  it('an uncommitted reservation (a terminated request) expires after its TTL', async () => {
    const ledgerId = `budget-expiry-${randomUUID().slice(0, 8)}/2026-12-06`;
    const startWorkflowOperation = new WithStartWorkflowOperation('budgetLedgerWorkflow', {
      workflowId: ledgerId,
      taskQueue: harness.taskQueue,
      args: [
        { budget: 'expiry', periodKey: '2026-12-06', periodEndMs: Date.now() + 86_400_000, limitUsd: 1, alertAt: [] },
      ],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const reserve = (reservationId: string, amountUsd: number) =>
      harness.client.workflow.executeUpdateWithStart(reserveUpdate, {
        args: [{ reservationId, amountUsd, ttlMs: 1500 }],
        startWorkflowOperation: new WithStartWorkflowOperation('budgetLedgerWorkflow', startWorkflowOperation.options),
      });
    expect((await reserve('r1', 0.6)).granted).toBe(true);
    const refused = await reserve('r2', 0.6);
    expect(refused.granted).toBe(false);
    expect(refused.reason).toBe('budget expiry exhausted: spent $0 + reserved $0.6 + attempt $0.6 > $1');
    // Nobody commits r1 (its request was terminated): after its TTL it is released, and r2 fits.
    const handle = harness.client.workflow.getHandle(ledgerId);
    await expect.poll(async () => (await handle.query(ledgerStatusQuery)).reservedUsd, { timeout: 15_000 }).toBe(0);
    expect((await handle.query(ledgerStatusQuery)).expiredReservations).toBe(1);
    expect((await reserve('r2', 0.6)).granted).toBe(true);
    await expect(
      harness.client.workflow.getHandle(ledgerId).executeUpdate(reserveUpdate, {
        args: [{ reservationId: 'r3', amountUsd: -1, ttlMs: 1000 }],
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/invalid amountUsd/) } });
    await handle.terminate('test done');
  }, 60_000);
});
