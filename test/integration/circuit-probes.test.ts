import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type BoardVerdict, CircuitBoard, circuitEntityId } from '../../src/circuit/circuit-board.js';
import type { RouteResult } from '../../src/policy/types.js';
import { createSwitchyardWorker } from '../../src/worker/create-worker.js';
import { loadWorkerTrust } from '../../src/worker/worker-config.js';
import { type CircuitSnapshot, circuitStateQuery } from '../../workflows/circuit-messages.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/**
 * The half-open probe limit holds across the fleet: two workers (each with its own board) on one task queue, a
 * primary that stays down; after the cooldown a burst of concurrent requests sends exactly `halfOpenProbes` (1)
 * attempt to it, whichever worker runs them. The others are skipped at once with the reason.
 */
const POLICY = `
version: circuit-probes-test-1
defaults: { timeoutMs: 4000, deadlineMs: 20000, retries: 0, retryDelayMs: 50, maxOutputTokens: 100 }
providers:
  fake-openai: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
  fake-anthropic: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake-anthropic, id: ok, contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 1 } }
  down:
    provider: fake-openai
    id: '503:latency=400'
    contextTokens: 16000
    price: { inputPer1M: 1, outputPer1M: 1 }
    circuitBreaker: { consecutiveFailures: 2, cooldownMs: 1500 }
routes:
  - { name: outage, primary: down, fallbacks: [ok] }
  - { name: default, primary: ok }
access: { forceRoutes: all }
`;

const BURST = 12;
const PRIMARY = '503:latency=400';

/** A worker's board that counts the checks it answers (to show both workers took part). */
class CountingBoard extends CircuitBoard {
  checks = 0;
  override check(...args: Parameters<CircuitBoard['check']>): Promise<BoardVerdict> {
    this.checks += 1;
    return super.check(...args);
  }
}

describe('half-open probes limited fleet-wide (two workers, real dev server)', () => {
  let harness: Harness;
  let connection: NativeConnection;
  let second: Worker;
  let secondRun: Promise<void>;
  const first = new CountingBoard();
  const other = new CountingBoard();

  const route = (n: number) =>
    harness.router.route({ route: 'outage', messages: [{ role: 'user', content: `probe burst ${n}` }] });
  const entityId = () =>
    circuitEntityId(harness.taskQueue, 'fake-openai', 'openai-compatible', `${harness.fake.url}/v1`);

  async function stateOf(ready: (snapshot: CircuitSnapshot) => boolean): Promise<CircuitSnapshot> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const snapshot = await harness.client.workflow
        .getHandle(entityId())
        .query(circuitStateQuery)
        .catch(() => null);
      if (snapshot && ready(snapshot)) return snapshot;
      if (Date.now() > deadline) throw new Error(`circuit state not reached: ${JSON.stringify(snapshot)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY, activities: { circuits: first } });
    connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    second = await createSwitchyardWorker({
      connection,
      trust: loadWorkerTrust({ loaded: [harness.policy] }, { env: {} }),
      namespace: inject('temporalNamespace'),
      taskQueue: harness.taskQueue,
      workflowBundlePath: inject('workflowBundlePath'),
      dataConverter: {},
      activities: { fakeProviderUrl: harness.fake.url, circuits: other },
    });
    secondRun = second.run();
  }, 120_000);

  afterAll(async () => {
    if (second?.getState() === 'RUNNING') second.shutdown();
    await secondRun;
    await connection?.close();
    await first.close();
    await other.close();
    await harness?.stop();
  });

  it('after the cooldown, a burst across two workers sends exactly one probe to the dead primary', async () => {
    // The outage: two failures in a row open the circuit.
    for (let n = 1; n <= 2; n += 1) expect(await route(n)).toMatchObject({ outcome: 'answered', model: 'ok' });
    expect(harness.fake.attempts({ model: PRIMARY })).toHaveLength(2);
    const opened = await stateOf((state) =>
      state.circuits.some((item) => item.key === `model:${PRIMARY}` && item.phaseNow === 'open'),
    );
    const circuit = opened.circuits.find((item) => item.key === `model:${PRIMARY}`)!;
    // Let both boards hold the open state, then wait out the cooldown.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, circuit.untilMs! - Date.now()) + 300));

    const checksBefore = [first.checks, other.checks];
    const burst: RouteResult[] = await Promise.all(Array.from({ length: BURST }, (_, i) => route(100 + i)));
    for (const result of burst) expect(result).toMatchObject({ outcome: 'answered', model: 'ok' });
    // Both workers checked the circuit during the burst (the limit is not one worker's).
    expect(first.checks - checksBefore[0]!).toBeGreaterThan(0);
    expect(other.checks - checksBefore[1]!).toBeGreaterThan(0);

    const probes = burst.filter((result) => result.attempts[0]!.errorType !== 'CircuitOpen');
    const checks = `${first.checks - checksBefore[0]!} / ${other.checks - checksBefore[1]!}`;
    const attempts = harness.fake.attempts({ model: PRIMARY }).length - 2;
    console.info(`burst of ${BURST}: primary attempts ${attempts}, checks per worker ${checks}`);
    expect(harness.fake.attempts({ model: PRIMARY })).toHaveLength(3);
    expect(probes).toHaveLength(1);
    expect(probes[0]!.attempts.map((attempt) => attempt.errorType)).toEqual(['Overloaded', null]);
    const skips = burst.filter((result) => result !== probes[0]).map((result) => result.attempts[0]!.message ?? '');
    for (const message of skips) expect(message).toMatch(/^circuit (half-)?open since /);
    // Skipped while the probe was in flight (whichever worker asked), or after it reopened the circuit.
    expect(skips.some((message) => /^circuit half-open since \S+ \(.*\), probe in flight$/.test(message))).toBe(true);
    // The failed probe reopened the circuit for another cooldown.
    const reopened = await stateOf((state) =>
      state.transitions.some((item) => item.key === `model:${PRIMARY}` && item.from === 'half-open'),
    );
    expect(
      reopened.transitions.filter((item) => item.key === `model:${PRIMARY}`).map((item) => `${item.from}→${item.to}`),
    ).toEqual(['closed→open', 'half-open→open']);
  });

  it('histories replay against the current code', async () => {
    expect(await replayFailures(harness.client, [...harness.started, entityId()])).toEqual([]);
  });
});
