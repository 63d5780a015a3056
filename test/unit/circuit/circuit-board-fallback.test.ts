import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { CircuitBoard, type CircuitTarget } from '../../../src/circuit/circuit-board.js';
import { DEFAULT_CIRCUIT_SETTINGS } from '../../../src/policy/circuit-schema.js';
import { freePort } from '../../../src/temporal/free-port.js';

/**
 * A lazy connection to a port where nobody listens: the circuit entity cannot be reached. Not closed: the board's
 * background queries keep retrying on it until the test process ends.
 */
const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 200 });
const client = new Client({ connection });

const target: CircuitTarget = {
  entityId: 'switchyard-circuit/test/fake/000000000000',
  taskQueue: 'test',
  provider: 'fake',
  model: 'm',
  route: 'faq',
  settings: { ...DEFAULT_CIRCUIT_SETTINGS, consecutiveFailures: 1 },
};

describe('circuit board without its entity', () => {
  it('falls back to the per-worker probe limit when a probe claim gets no answer', async () => {
    const warnings: string[] = [];
    const board = new CircuitBoard({ flushMs: 60_000, warn: (message) => warnings.push(message) });
    const first = await board.check(target, client);
    expect(first).toMatchObject({ allowed: true, probe: false });
    const failedAt = Date.now();
    board.report(target, client, { errorType: 'Overloaded', latencyMs: 5, untilMs: null }, failedAt);
    expect(await board.check(target, client)).toMatchObject({ allowed: false });

    const cooldownOver = { nowMs: failedAt + target.settings.cooldownMs + 1, attemptTimeoutMs: 1000 };
    const started = Date.now();
    const probe = await board.check(target, client, cooldownOver);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(probe).toMatchObject({ allowed: true, probe: true });
    expect(warnings).toContain('probe claim failed, per-worker probe limit');
    // This worker's own limit still holds while its probe is in flight, and frees with it.
    const second = await board.check(target, client, cooldownOver);
    expect(second).toMatchObject({ allowed: false, message: expect.stringMatching(/probe in flight$/) });
    if (probe.allowed) probe.release();
    expect(await board.check(target, client, cooldownOver)).toMatchObject({ allowed: true, probe: true });
  }, 15_000);
});
