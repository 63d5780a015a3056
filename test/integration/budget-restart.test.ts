import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parsePolicyText } from '../../src/config/load-policy.js';
import { budgetPeriod, ledgerWorkflowId } from '../../src/policy/budget-period.js';
import type { RouteResult } from '../../src/policy/types.js';
import { startWorkerStack, type WorkerStack } from '../../src/stack/start-worker-stack.js';
import { type DevServer, startDevServer } from '../../src/temporal/dev-server.js';
import { loadWorkerTrust } from '../../src/worker/worker-config.js';
import { ledgerStatusQuery } from '../../workflows/budget-messages.js';

const REQUESTS = 120;
const LIMIT_USD = 0.02;
const BUDGET = 'restart-cap';

const POLICY = `
version: budget-restart-1
defaults: { timeoutMs: 10000, firstTokenTimeoutMs: 10000, deadlineMs: 120000, retries: 0, maxOutputTokens: 64 }
providers:
  fake: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 3, outputPer1M: 15 } }
routes:
  - name: default
    primary: ok
budgets:
  - { name: ${BUDGET}, scope: all, period: day, limitUsd: ${LIMIT_USD}, onExhausted: degrade }
`;

/**
 * The ledger through a Temporal restart: the dev server (its own, on its own SQLite file) is killed while requests
 * reserve and commit, then restarted on the same file. Every request ends; the ledger holds exactly what the
 * answered requests cost (nothing lost, nothing counted twice) and never more than the cap.
 */
describe('budget ledger across a dev-server restart', () => {
  let directory = '';
  let server: DevServer;
  let stack: WorkerStack;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'switchyard-budget-restart-'));
    server = await startDevServer({ dbFile: join(directory, 'temporal.db') });
    const policy = parsePolicyText(POLICY, '/virtual/budget-restart.yaml', 'budget-restart.yaml');
    stack = await startWorkerStack({
      address: server.address,
      namespace: server.namespace,
      taskQueue: `budget-restart-${randomUUID().slice(0, 8)}`,
      trust: loadWorkerTrust({ loaded: [policy] }, { env: {} }),
      fake: { port: 0 },
      workflowBundlePath: inject('workflowBundlePath'),
      workerDataConverter: {},
      clientDataConverter: {},
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await server?.stop({ kill: true });
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('loses nothing and counts nothing twice', async () => {
    const started = Date.now();
    const handles = await Promise.all(
      Array.from({ length: REQUESTS }, (_, index) =>
        stack.router.start({ messages: [{ role: 'user', content: `restart ${index}` }] }),
      ),
    );
    const fake = stack.fake!;
    await expect.poll(() => fake.attempts({}).length, { timeout: 60_000, interval: 20 }).toBeGreaterThan(10);
    const ports = {
      port: portOf(server.address),
      httpPort: portOf(server.httpUrl!),
      metricsPort: portOf(server.metricsUrl!),
    };
    await server.stop({ kill: true });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    server = await startDevServer({ dbFile: join(directory, 'temporal.db'), ...ports });

    const results: RouteResult[] = await Promise.all(handles.map((handle) => handle.result()));
    const ledger = stack.client.workflow.getHandle(ledgerWorkflowId(BUDGET, budgetPeriod('day', 'UTC', started).key));
    // Commits of attempts in flight at the kill are retried until the server is back.
    await expect.poll(async () => (await ledger.query(ledgerStatusQuery)).reservedUsd, { timeout: 60_000 }).toBe(0);
    const status = await ledger.query(ledgerStatusQuery);
    const resultsCost = results.reduce((sum, result) => sum + result.costUsd, 0);
    const answered = results.filter((result) => result.outcome === 'answered').length;
    const unavailable = results.filter((result) =>
      result.trail.some((entry) => entry.step === 'budget' && entry.reason.startsWith('budget ledger unavailable')),
    ).length;
    console.log(
      `budget restart: ${answered} answered, ${REQUESTS - answered} degraded (${unavailable} refused while the ledger was unreachable); ledger $${status.spentUsd}, results ` +
        `$${resultsCost.toFixed(6)}, cap $${LIMIT_USD}; ${status.expiredReservations} expired`,
    );
    expect(results).toHaveLength(REQUESTS);
    expect(answered).toBeGreaterThan(0);
    expect(status.spentUsd).toBeLessThanOrEqual(LIMIT_USD);
    expect(Math.abs(status.spentUsd - resultsCost)).toBeLessThanOrEqual(REQUESTS * 1e-6);
  }, 300_000);
});

function portOf(address: string): number {
  return Number(
    address
      .replace(/\/metrics$/, '')
      .split(':')
      .at(-1),
  );
}
