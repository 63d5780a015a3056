import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_KEY,
  applyEvent,
  applyOutcome,
  type Circuit,
  type CircuitEvent,
  circuitEventKind,
  closedCircuit,
  formatKey,
  modelKey,
  phaseAt,
  windowCounts,
} from '../../../src/policy/circuit-breaker.js';
import { checkCircuits } from '../../../src/policy/circuit-guard.js';
import { circuitSettingsFor, DEFAULT_CIRCUIT_SETTINGS } from '../../../src/policy/circuit-schema.js';
import { isQuotaError, regainAccessAtMs } from '../../../src/providers/quota-error.js';

const T0 = Date.UTC(2026, 11, 6, 4, 0, 0);
const settings = { ...DEFAULT_CIRCUIT_SETTINGS };
const event = (kind: CircuitEvent['kind'], extra: Partial<CircuitEvent> = {}): CircuitEvent => ({
  model: 'm',
  route: 'faq',
  kind,
  errorType: kind === 'success' ? null : kind === 'format' ? 'OutputFormatInvalid' : 'Overloaded',
  latencyMs: 10,
  untilMs: null,
  ...extra,
});

function fold(events: [CircuitEvent, number][], start: Record<string, Circuit> = {}) {
  let circuits = start;
  const transitions = [];
  for (const [item, at] of events) {
    const applied = applyEvent(circuits, item, settings, at);
    circuits = applied.circuits;
    transitions.push(...applied.transitions);
  }
  return { circuits, transitions };
}

describe('circuit breaker state machine (pure)', () => {
  it('opens after the configured consecutive failures, with the reason', () => {
    const four = fold([1, 2, 3, 4].map((i) => [event('failure'), T0 + i]));
    expect(phaseAt(four.circuits[modelKey('m')]!, T0 + 5)).toBe('closed');
    const five = fold([[event('failure'), T0 + 5]], four.circuits);
    const circuit = five.circuits[modelKey('m')]!;
    expect(circuit).toMatchObject({ phase: 'open', sinceMs: T0 + 5, untilMs: T0 + 5 + 30_000, opened: 1 });
    expect(circuit.reason).toBe('5 consecutive failures, last Overloaded');
    expect(five.transitions).toEqual([
      { key: 'model:m', from: 'closed', to: 'open', atMs: T0 + 5, reason: circuit.reason },
    ]);
  });

  it('a success resets the consecutive count', () => {
    const events: [CircuitEvent, number][] = [1, 2, 3, 4].map((i) => [event('failure'), T0 + i]);
    events.push([event('success'), T0 + 5], [event('failure'), T0 + 6]);
    const { circuits } = fold(events);
    expect(circuits[modelKey('m')]).toMatchObject({ phase: 'closed', consecutive: 1 });
  });

  it('opens on the failure rate over the window once minRequests is reached', () => {
    // alternate ok/failed: never 5 in a row, 50 % of 10 at the tenth
    const events: [CircuitEvent, number][] = Array.from({ length: 10 }, (_, i) => [
      event(i % 2 === 0 ? 'success' : 'failure'),
      T0 + i * 100,
    ]);
    const nine = fold(events.slice(0, 9));
    expect(nine.circuits[modelKey('m')]!.phase).toBe('closed');
    expect(windowCounts(nine.circuits[modelKey('m')]!, 30_000, T0 + 900)).toEqual({ total: 9, failed: 4 });
    const ten = fold(events);
    expect(ten.circuits[modelKey('m')]!.reason).toBe('50% of 10 attempts failed in 30 s, last Overloaded');
  });

  it('forgets attempts older than the window', () => {
    const old = fold(
      Array.from({ length: 8 }, (_, i) => [event(i % 2 ? 'failure' : 'success'), T0 + i] as [CircuitEvent, number]),
    );
    const later = T0 + 31_000 + 1000;
    expect(windowCounts(old.circuits[modelKey('m')]!, 30_000, later)).toEqual({ total: 0, failed: 0 });
    const { circuits } = fold(
      [
        [event('failure'), later],
        [event('success'), later + 1],
      ],
      old.circuits,
    );
    expect(circuits[modelKey('m')]!.phase).toBe('closed');
  });

  it('turns half-open after the cooldown; a probe success closes it, a probe failure reopens it', () => {
    const opened = fold([1, 2, 3, 4, 5].map((i) => [event('failure'), T0 + i])).circuits;
    const circuit = opened[modelKey('m')]!;
    expect(phaseAt(circuit, T0 + 30_004)).toBe('open');
    expect(phaseAt(circuit, T0 + 30_005)).toBe('half-open');
    const closed = fold([[event('success'), T0 + 31_000]], opened);
    expect(closed.circuits[modelKey('m')]).toMatchObject({ phase: 'closed', reason: 'probe succeeded', opened: 1 });
    expect(closed.transitions[0]).toMatchObject({ from: 'half-open', to: 'closed' });
    const reopened = fold([[event('failure'), T0 + 31_000]], opened);
    expect(reopened.circuits[modelKey('m')]).toMatchObject({
      phase: 'open',
      untilMs: T0 + 61_000,
      reason: 'probe failed (Overloaded)',
      opened: 2,
    });
  });

  it('ignores late outcomes while open', () => {
    const opened = fold([1, 2, 3, 4, 5].map((i) => [event('failure'), T0 + i])).circuits;
    const after = fold(
      [
        [event('success'), T0 + 10],
        [event('failure'), T0 + 11],
      ],
      opened,
    );
    expect(after.circuits[modelKey('m')]).toEqual(opened[modelKey('m')]);
    expect(after.transitions).toEqual([]);
  });

  it('a quota error opens the provider account until the stated time, or for creditCooldownMs', () => {
    const until = T0 + 7_200_000;
    const stated = fold([[event('quota', { errorType: 'QuotaExhausted', untilMs: until }), T0]]);
    expect(stated.circuits[ACCOUNT_KEY]).toMatchObject({ phase: 'open', untilMs: until });
    expect(stated.circuits[modelKey('m')]).toBeUndefined();
    const unstated = fold([[event('quota', { errorType: 'QuotaExhausted' }), T0]]);
    expect(unstated.circuits[ACCOUNT_KEY]!.untilMs).toBe(T0 + 3_600_000);
    expect(unstated.circuits[ACCOUNT_KEY]!.reason).toContain('cooldown 60 min');
    // every model of the provider is skipped
    const verdict = checkCircuits(stated.circuits, 'other-model', null, T0 + 1000, 1);
    expect(verdict).toEqual({
      allowed: false,
      key: ACCOUNT_KEY,
      message: `circuit (provider account) open since 2026-12-06T04:00:00.000Z (${stated.circuits[ACCOUNT_KEY]!.reason}), until 2026-12-06T06:00:00.000Z`,
    });
  });

  it('format failures open the model × route circuit only; the model stays usable elsewhere', () => {
    const { circuits, transitions } = fold([1, 2, 3].map((i) => [event('format'), T0 + i]));
    expect(circuits[formatKey('m', 'faq')]).toMatchObject({ phase: 'open', untilMs: T0 + 3 + 300_000 });
    expect(circuits[modelKey('m')]).toMatchObject({ phase: 'closed', consecutive: 0 });
    expect(transitions.map((t) => t.key)).toEqual(['format:m:faq']);
    expect(checkCircuits(circuits, 'm', 'faq', T0 + 10, 1)).toMatchObject({ allowed: false, key: 'format:m:faq' });
    expect(checkCircuits(circuits, 'm', 'other', T0 + 10, 1)).toEqual({ allowed: true, probeKeys: [] });
  });

  it('half-open lets at most halfOpenProbes probes through', () => {
    const opened = fold([1, 2, 3, 4, 5].map((i) => [event('failure'), T0 + i])).circuits;
    const now = T0 + 40_000;
    expect(checkCircuits(opened, 'm', null, now, 1, () => 0)).toEqual({ allowed: true, probeKeys: ['model:m'] });
    const busy = checkCircuits(opened, 'm', null, now, 1, () => 1);
    expect(busy).toMatchObject({ allowed: false, key: 'model:m' });
    expect(checkCircuits(opened, 'm', null, now, 2, () => 1)).toMatchObject({ allowed: true });
  });

  it('the open message names since, reason and until', () => {
    const opened = fold([1, 2, 3, 4, 5].map((i) => [event('failure'), T0 + i])).circuits;
    const verdict = checkCircuits(opened, 'm', null, T0 + 10, 1);
    expect(verdict).toMatchObject({
      allowed: false,
      message:
        'circuit open since 2026-12-06T04:00:00.005Z (5 consecutive failures, last Overloaded), until 2026-12-06T04:00:30.005Z',
    });
  });

  it('classifies outcomes: provider failures count, request faults and refusals do not, slow successes may', () => {
    expect(circuitEventKind(null, 100, settings)).toBe('success');
    expect(circuitEventKind(null, 5000, { slowCallMs: 2000 })).toBe('failure');
    for (const type of ['Overloaded', 'ServerError', 'RateLimited', 'NoResponse', 'ConnectionError', 'StreamStalled'])
      expect(circuitEventKind(type, 1, settings)).toBe('failure');
    for (const type of [
      'BadRequest',
      'ContextLengthExceeded',
      'ContentFiltered',
      'CircuitOpen',
      'ProviderMisconfigured',
    ])
      expect(circuitEventKind(type, 1, settings)).toBeNull();
    expect(circuitEventKind('OutputFormatInvalid', 1, settings)).toBe('format');
    expect(circuitEventKind('QuotaExhausted', 1, settings)).toBe('quota');
  });

  it('applyOutcome keeps a closed circuit closed below the thresholds', () => {
    const { circuit, change } = applyOutcome(
      closedCircuit(T0),
      { result: 'failure', errorType: 'Overloaded', untilMs: null },
      { ...settings },
      T0,
    );
    expect(change).toBeNull();
    expect(circuit.consecutive).toBe(1);
  });
});

describe('circuit settings per provider and model', () => {
  const policy = {
    circuitBreaker: { consecutiveFailures: 3 },
    providers: { p: { circuitBreaker: { cooldownMs: 1000 } }, q: {} },
    models: { a: { provider: 'p', circuitBreaker: { enabled: false } }, b: { provider: 'p' }, c: { provider: 'q' } },
  };
  it('merges model over provider over policy over defaults', () => {
    expect(circuitSettingsFor(policy, 'a')).toMatchObject({ enabled: false, consecutiveFailures: 3, cooldownMs: 1000 });
    expect(circuitSettingsFor(policy, 'b')).toMatchObject({ enabled: true, consecutiveFailures: 3, cooldownMs: 1000 });
    expect(circuitSettingsFor(policy, 'c')).toEqual({ ...DEFAULT_CIRCUIT_SETTINGS, consecutiveFailures: 3 });
  });
});

describe('out-of-credit errors', () => {
  it('recognises usage-limit and credit messages of both vendors and HTTP 402', () => {
    expect(
      isQuotaError(
        400,
        'invalid_request_error',
        'You have reached your specified API usage limits. You will regain access on 2026-12-07 at 00:00 UTC.',
      ),
    ).toBe(true);
    expect(
      isQuotaError(400, 'invalid_request_error', 'Your credit balance is too low to access the Anthropic API.'),
    ).toBe(true);
    expect(isQuotaError(429, 'insufficient_quota', 'You exceeded your current quota')).toBe(true);
    expect(isQuotaError(402, undefined, undefined)).toBe(true);
    expect(isQuotaError(429, 'rate_limit_exceeded', 'Rate limit reached')).toBe(false);
    expect(isQuotaError(400, 'invalid_request_error', 'prompt is too long')).toBe(false);
  });
  it('parses the regain date (UTC), with or without a time', () => {
    expect(regainAccessAtMs('You will regain access on 2026-12-07 at 13:45 UTC.')).toBe(Date.UTC(2026, 11, 7, 13, 45));
    expect(regainAccessAtMs('You will regain access on 2026-12-07.')).toBe(Date.UTC(2026, 11, 7));
    expect(regainAccessAtMs('no date here')).toBeNull();
  });
});
