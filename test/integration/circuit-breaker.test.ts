import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircuitBoard, circuitEntityId } from '../../src/circuit/circuit-board.js';
import {
  circuitHistory,
  circuitStatus,
  formatCircuitHistory,
  formatCircuitStatus,
} from '../../src/circuit/circuit-status.js';
import { createSwitchyardMetrics } from '../../src/metrics/switchyard-metrics.js';
import { DEFAULT_CIRCUIT_SETTINGS } from '../../src/policy/circuit-schema.js';
import type { RouteResult } from '../../src/policy/types.js';
import { type CircuitSnapshot, circuitStateQuery } from '../../workflows/circuit-messages.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/**
 * The circuit breaker on a real dev server against the fake provider over HTTP: an outage opens it after the
 * configured failures and later requests skip the dead model at once; it closes after recovery through a
 * half-open probe; an out-of-credit error opens the provider account for the time the provider states; a second
 * worker (its own board) sees the same state; histories replay.
 */
const POLICY = `
version: circuit-breaker-test-1
defaults: { timeoutMs: 4000, deadlineMs: 20000, retries: 2, retryDelayMs: 50, maxOutputTokens: 100 }
providers:
  fake-openai: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
  fake-anthropic: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
  broke-anthropic: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
  broke-openai:
    kind: openai-compatible
    fakeProvider: true
    dataClasses: [public, internal, restricted]
    circuitBreaker: { creditCooldownMs: 600000 }
models:
  ok: { provider: fake-anthropic, id: ok, contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 1 }, capabilities: [json] }
  sloppy: { provider: fake-openai, id: bad-json, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 }, capabilities: [json] }
  dead: { provider: fake-openai, id: '503:latency=150', contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
  dead-unguarded:
    provider: fake-openai
    id: 'error:status=503,latency=150'
    contextTokens: 16000
    price: { inputPer1M: 1, outputPer1M: 1 }
    circuitBreaker: { enabled: false }
  recovering:
    provider: fake-openai
    id: 'flap:down=2500'
    contextTokens: 16000
    price: { inputPer1M: 1, outputPer1M: 1 }
    circuitBreaker: { consecutiveFailures: 2, cooldownMs: 1500 }
  broke: { provider: broke-anthropic, id: 'out-of-credit:regain=7200', contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
  broke-sibling: { provider: broke-anthropic, id: ok, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
  no-credits: { provider: broke-openai, id: '402', contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
routes:
  - { name: outage, primary: dead, fallbacks: [ok] }
  - { name: outage-unguarded, primary: dead-unguarded, fallbacks: [ok] }
  - { name: recover, primary: recovering, fallbacks: [ok], retries: 0 }
  - { name: credit, primary: broke, fallbacks: [ok] }
  - { name: credit-sibling, primary: broke-sibling, fallbacks: [ok] }
  - { name: credits-402, primary: no-credits, fallbacks: [ok] }
  - { name: json-task, primary: sloppy, fallbacks: [ok], retries: 0, responseFormat: { type: json } }
  - { name: prose-task, primary: sloppy, fallbacks: [ok] }
  - { name: default, primary: ok }
access: { forceRoutes: all }
`;

const REQUESTS = 15;

describe('circuit breaker shared through Temporal (real dev server, fake provider over HTTP)', () => {
  let harness: Harness;
  const guarded: RouteResult[] = [];
  const unguarded: RouteResult[] = [];

  const route = (name: string, n: number) =>
    harness.router.route({ route: name, messages: [{ role: 'user', content: `circuit ${name} ${n}` }] });
  const entityOf = (provider: string, kind: string, base: string) =>
    circuitEntityId(harness.taskQueue, provider, kind, base);
  const openaiEntity = () => entityOf('fake-openai', 'openai-compatible', `${harness.fake.url}/v1`);
  /** The entity's state once `ready` holds (its batches arrive every 250 ms). */
  async function stateOf(entityId: string, ready: (snapshot: CircuitSnapshot) => boolean): Promise<CircuitSnapshot> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const snapshot = await harness.client.workflow
        .getHandle(entityId)
        .query(circuitStateQuery)
        .catch(() => null);
      if (snapshot && ready(snapshot)) return snapshot;
      if (Date.now() > deadline) throw new Error(`circuit state not reached: ${JSON.stringify(snapshot)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY });
    // One request at a time, as a steady trickle during an outage.
    for (let n = 1; n <= REQUESTS; n += 1) unguarded.push(await route('outage-unguarded', n));
    for (let n = 1; n <= REQUESTS; n += 1) guarded.push(await route('outage', n));
    const ms = (results: RouteResult[]) => results.map((result) => result.latencyMs).join(' ');
    console.info(`time to answer, request 1..${REQUESTS}, primary down (ms)`);
    console.info(`  without breaker: ${ms(unguarded)}`);
    console.info(`  with breaker:    ${ms(guarded)}`);
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('during an outage the dead primary is called until the breaker opens, then skipped at once', () => {
    const wire = (model: string) => harness.fake.attempts({ model }).length;
    console.info(
      `primary attempts for ${REQUESTS} requests: without breaker ${wire('error:status=503,latency=150')}, with ${wire('503:latency=150')}`,
    );
    expect(wire('error:status=503,latency=150')).toBe(REQUESTS * 3);
    expect(wire('503:latency=150')).toBe(DEFAULT_CIRCUIT_SETTINGS.consecutiveFailures);
    for (const result of [...guarded, ...unguarded]) expect(result).toMatchObject({ outcome: 'answered', model: 'ok' });
    const late = guarded.at(-1)!;
    expect(late.attempts.map((attempt) => `${attempt.role}:${attempt.model}:${attempt.errorType ?? 'ok'}`)).toEqual([
      'primary:dead:CircuitOpen',
      'fallback:ok:ok',
    ]);
    const skipped = late.trail.find((entry) => entry.outcome === 'circuit-open')!;
    expect(skipped.reason).toMatch(
      /^attempt 1 primary\/dead: skipped — circuit open since \S+Z \(5 consecutive failures, last Overloaded\), until \S+Z$/,
    );
    expect(late.trail.find((entry) => entry.step === 'fallback')!.reason).toMatch(
      /^dead skipped \(circuit open since .*\): fall back to ok$/,
    );
    // Time to answer drops once the breaker is open: no more dead attempts and retry waits.
    expect(late.latencyMs).toBeLessThan(unguarded.at(-1)!.latencyMs);
  });

  it('the circuit entity holds the open state, and metrics show it', async () => {
    const snapshot = await stateOf(openaiEntity(), (state) =>
      state.circuits.some((circuit) => circuit.key === 'model:503:latency=150' && circuit.phaseNow === 'open'),
    );
    const circuit = snapshot.circuits.find((item) => item.key === 'model:503:latency=150')!;
    expect(circuit).toMatchObject({ reason: '5 consecutive failures, last Overloaded', opened: 1 });
    expect(circuit.untilMs! - circuit.sinceMs).toBe(DEFAULT_CIRCUIT_SETTINGS.cooldownMs);
    expect(snapshot.transitions).toContainEqual(
      expect.objectContaining({ key: 'model:503:latency=150', from: 'closed', to: 'open' }),
    );
    // the unguarded model is not tracked at all
    expect(snapshot.circuits.some((item) => item.key.includes('error:status'))).toBe(false);
    const text = await createSwitchyardMetrics().registry.metrics();
    expect(text).toContain(
      'switchyard_circuit_state{provider="fake-openai",model="503:latency=150",circuit="health"} 2',
    );
  });

  it('switchyard circuit status lists each circuit with state, since, until, reason and window counts', async () => {
    const deadline = Date.now() + 10_000;
    let rows = await circuitStatus(harness.client, { taskQueue: harness.taskQueue });
    while (!rows.some((row) => row.entityId === openaiEntity()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      rows = await circuitStatus(harness.client, { taskQueue: harness.taskQueue });
    }
    const dead = rows.find((row) => row.entityId === openaiEntity() && row.circuit === 'model:503:latency=150');
    expect(dead).toMatchObject({
      provider: 'fake-openai',
      state: 'open',
      reason: '5 consecutive failures, last Overloaded',
    });
    expect(dead!.until).toMatch(/Z$/);
    expect(formatCircuitStatus(rows)).toContain('model:503:latency=150');
    // switchyard report's circuit history
    const history = await circuitHistory(harness.client, Date.now() - 600_000, { taskQueue: harness.taskQueue });
    expect(history).toContainEqual(
      expect.objectContaining({
        provider: 'fake-openai',
        circuit: 'model:503:latency=150',
        from: 'closed',
        to: 'open',
      }),
    );
    expect(formatCircuitHistory(history)).toMatch(
      /fake-openai model:503:latency=150 {2}closed → open {2}\(5 consecutive/,
    );
  });

  it('a second worker with its own view sees the same breaker (state is shared through Temporal)', async () => {
    const other = new CircuitBoard();
    const verdict = await other.check(
      {
        entityId: openaiEntity(),
        taskQueue: harness.taskQueue,
        provider: 'fake-openai',
        model: '503:latency=150',
        route: 'outage',
        settings: { ...DEFAULT_CIRCUIT_SETTINGS },
      },
      harness.client,
    );
    await other.close();
    expect(verdict).toMatchObject({ allowed: false });
    if (!verdict.allowed) expect(verdict.message).toMatch(/^circuit open since .*\(5 consecutive failures/);
  });

  it('closes after recovery: a half-open probe reaches the recovered model', async () => {
    const first = await route('recover', 1); // 503 → fallback
    const second = await route('recover', 2); // 503 → opens (2 consecutive) → fallback
    const third = await route('recover', 3); // skipped
    expect(third.attempts[0]).toMatchObject({ model: 'recovering', errorType: 'CircuitOpen' });
    expect([first.model, second.model, third.model]).toEqual(['ok', 'ok', 'ok']);
    // flap is down 2.5 s from its first request; the cooldown is 1.5 s from the second
    await new Promise((resolve) => setTimeout(resolve, 2600));
    const probe = await route('recover', 4);
    expect(probe).toMatchObject({ outcome: 'answered', model: 'recovering' });
    const after = await route('recover', 5);
    expect(after.attempts.map((attempt) => attempt.errorType)).toEqual([null]);
    expect(harness.fake.attempts({ model: 'flap:down=2500' })).toHaveLength(4);
    const snapshot = await stateOf(openaiEntity(), (state) =>
      state.circuits.some((circuit) => circuit.key === 'model:flap:down=2500' && circuit.phaseNow === 'closed'),
    );
    const moves = snapshot.transitions.filter((item) => item.key === 'model:flap:down=2500');
    expect(moves.map((item) => `${item.from}→${item.to}`)).toEqual(['closed→open', 'half-open→closed']);
    expect(moves[1]!.reason).toBe('probe succeeded');
  });

  it('an out-of-credit error opens the provider account until the date the provider states', async () => {
    const before = Date.now();
    const broke = await route('credit', 1);
    expect(broke.attempts.map((attempt) => `${attempt.model}:${attempt.errorType ?? 'ok'}`)).toEqual([
      'broke:QuotaExhausted',
      'ok:ok',
    ]);
    const entity = entityOf('broke-anthropic', 'anthropic', harness.fake.url);
    const snapshot = await stateOf(entity, (state) => state.circuits.some((item) => item.key === 'account'));
    const account = snapshot.circuits.find((item) => item.key === 'account')!;
    // "regain access on DATE at HH:MM UTC", 7200 s ahead rounded up to the minute
    const stated = Math.ceil((before + 7_200_000) / 60_000) * 60_000;
    expect(Math.abs(account.untilMs! - stated)).toBeLessThanOrEqual(60_000);
    expect(account.reason).toBe('out of credit or over the usage limit (QuotaExhausted; as the provider says)');
    // another model of the same account is skipped without a call
    const sibling = await route('credit-sibling', 1);
    expect(sibling.attempts.map((attempt) => `${attempt.model}:${attempt.errorType ?? 'ok'}`)).toEqual([
      'broke-sibling:CircuitOpen',
      'ok:ok',
    ]);
    expect(sibling.attempts[0]!.message).toMatch(/^circuit \(provider account\) open since/);
  });

  it('HTTP 402 insufficient credits opens the account for creditCooldownMs', async () => {
    const before = Date.now();
    const result = await route('credits-402', 1);
    expect(result.attempts.map((attempt) => attempt.errorType)).toEqual(['QuotaExhausted', null]);
    const entity = entityOf('broke-openai', 'openai-compatible', `${harness.fake.url}/v1`);
    const snapshot = await stateOf(entity, (state) => state.circuits.some((item) => item.key === 'account'));
    const account = snapshot.circuits.find((item) => item.key === 'account')!;
    expect(account.untilMs! - before).toBeGreaterThanOrEqual(600_000 - 1000);
    expect(account.untilMs! - before).toBeLessThanOrEqual(600_000 + 10_000);
  });

  it("a model that keeps failing a route's output format is skipped for that route only", async () => {
    const failed = [];
    for (let n = 1; n <= 3; n += 1) failed.push(await route('json-task', n));
    for (const result of failed) {
      expect(result.attempts.map((attempt) => `${attempt.model}:${attempt.errorType ?? 'ok'}`)).toEqual([
        'sloppy:OutputFormatInvalid',
        'ok:ok',
      ]);
    }
    const skipped = await route('json-task', 4);
    expect(skipped.attempts.map((attempt) => `${attempt.model}:${attempt.errorType ?? 'ok'}`)).toEqual([
      'sloppy:CircuitOpen',
      'ok:ok',
    ]);
    expect(skipped.attempts[0]!.message).toMatch(
      /^circuit \(output format, route json-task\) open since \S+ \(3 consecutive failures, last OutputFormatInvalid\), until/,
    );
    const prose = await route('prose-task', 1);
    expect(prose).toMatchObject({ outcome: 'answered', model: 'sloppy' });
    expect(harness.fake.attempts({ model: 'bad-json' })).toHaveLength(4);
  });

  it('histories replay against the current code', async () => {
    // the routing requests and the circuit entities (still running)
    const entities = [openaiEntity(), entityOf('broke-anthropic', 'anthropic', harness.fake.url)];
    expect(await replayFailures(harness.client, [...harness.started, ...entities])).toEqual([]);
  });
});
