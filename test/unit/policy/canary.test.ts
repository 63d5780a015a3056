import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../../src/config/load-policy.js';
import { createPolicyRegistry } from '../../../src/config/policy-registry.js';
import {
  type CanarySample,
  evaluateGuardrails,
  judgeCanary,
  percentile,
  summarize,
} from '../../../src/policy/canary-guardrails.js';
import { CanarySettingsSchema, parseSliceBy } from '../../../src/policy/canary-schema.js';
import { decideRollout, inSlice, type SliceFacts, sliceBucket } from '../../../src/policy/canary-slice.js';
import { canarySourceOf, workerCanaryOf } from '../../../src/worker/canary-config.js';
import { BASE_POLICY_YAML } from '../../support/policies.js';

const settings = (input: Record<string, unknown> = {}) => CanarySettingsSchema.parse({ percent: 10, ...input });
const facts = (requestId: string, extra: Partial<SliceFacts> = {}): SliceFacts => ({
  requestId,
  caller: null,
  metadata: {},
  ...extra,
});
const ok = (latencyMs = 100, costUsd = 0.001): CanarySample => ({ ok: true, formatFailure: false, latencyMs, costUsd });
const failed = (latencyMs = 100): CanarySample => ({ ok: false, formatFailure: false, latencyMs, costUsd: 0 });

describe('canary slice', () => {
  it('takes 10 % ± sampling error of 1,000 request ids, the same ones every time', () => {
    const ids = Array.from({ length: 1000 }, (_, index) => `request-${index}`);
    const taken = ids.filter((id) => inSlice(settings(), 'candidate-2', facts(id)));
    // Binomial(1000, 0.1): standard deviation ≈ 9.5; 3 sd either side.
    expect(taken.length).toBeGreaterThanOrEqual(72);
    expect(taken.length).toBeLessThanOrEqual(128);
    expect(ids.filter((id) => inSlice(settings(), 'candidate-2', facts(id)))).toEqual(taken);
    expect(sliceBucket('candidate-2', 'request-7')).toBe(sliceBucket('candidate-2', 'request-7'));
  });

  it('cuts 0 % and 100 % exactly, and salts the bucket with the candidate version', () => {
    const ids = Array.from({ length: 200 }, (_, index) => `r${index}`);
    expect(ids.filter((id) => inSlice(settings({ percent: 0 }), 'c', facts(id)))).toHaveLength(0);
    expect(ids.filter((id) => inSlice(settings({ percent: 100 }), 'c', facts(id)))).toHaveLength(200);
    const first = ids.filter((id) => inSlice(settings(), 'c-1', facts(id)));
    const second = ids.filter((id) => inSlice(settings(), 'c-2', facts(id)));
    expect(first).not.toEqual(second);
  });

  it('slices by caller or by a metadata value: one side for all requests of that value', () => {
    const byTenant = settings({ percent: 50, by: parseSliceBy('metadata:tenant') });
    const sides = Array.from({ length: 20 }, (_, index) =>
      inSlice(byTenant, 'c', facts(`r${index}`, { metadata: { tenant: 'acme' } })),
    );
    expect(new Set(sides).size).toBe(1);
    const byCaller = settings({ percent: 50, by: { kind: 'caller' } });
    const callers = Array.from({ length: 20 }, (_, index) =>
      inSlice(byCaller, 'c', facts(`r${index}`, { caller: 'svc' })),
    );
    expect(new Set(callers).size).toBe(1);
    expect(() => parseSliceBy('tenant')).toThrow(/requestId, caller or metadata:KEY/);
  });

  it('decides the role from the controller state: slice while running, all active before and after a rollback', () => {
    const input = {
      settings: settings({ percent: 100 }),
      candidateVersion: 'v2',
      stateReason: null,
      facts: facts('x'),
    };
    expect(decideRollout({ ...input, state: 'running' })).toEqual({
      role: 'canary',
      reason: expect.stringMatching(/^slice 100 % by requestId/),
    });
    expect(decideRollout({ ...input, state: 'starting' }).role).toBe('active');
    expect(decideRollout({ ...input, state: 'rolled-back', stateReason: 'guardrail broken' })).toEqual({
      role: 'active',
      reason: 'canary v2 rolled back: guardrail broken',
    });
    const none = { ...input, settings: settings({ percent: 0 }) };
    expect(decideRollout({ ...none, state: 'promoted' })).toMatchObject({ role: 'canary', reason: /promoted/ });
    expect(decideRollout({ ...none, state: 'running' }).reason).toMatch(/^outside canary slice 0 % by requestId/);
  });
});

describe('canary guardrails', () => {
  it('summarizes a window: success rate, format failures, p95, cost per success', () => {
    const stats = summarize([ok(100, 0.002), ok(200, 0.002), failed(300), { ...ok(400), formatFailure: true }]);
    expect(stats).toMatchObject({ count: 4, successRate: 75, formatFailureRate: 25, p95LatencyMs: 400 });
    expect(stats.costPerSuccessUsd).toBeCloseTo(0.005 / 3, 8);
    expect(percentile([], 95)).toBeNull();
  });

  it('breaks when the candidate is worse than the defaults allow (5 points, 50 %)', () => {
    const limits = settings().guardrails;
    const active = summarize(Array.from({ length: 100 }, () => ok(100)));
    const healthy = evaluateGuardrails(active, summarize(Array.from({ length: 20 }, () => ok(140))), limits);
    expect(healthy.every((row) => row.ok)).toBe(true);
    const worse = evaluateGuardrails(
      active,
      summarize([...Array.from({ length: 18 }, () => ok(100)), failed(), failed()]),
      limits,
    );
    expect(worse.find((row) => row.name === 'success-rate')).toMatchObject({
      active: 100,
      candidate: 90,
      limit: 95,
      ok: false,
    });
    const slow = evaluateGuardrails(active, summarize(Array.from({ length: 20 }, () => ok(160))), limits);
    expect(slow.find((row) => row.name === 'p95-latency-ms')).toMatchObject({ limit: 150, ok: false });
  });

  it('judges: nothing before the minimum, rollback at once, promotion after promoteAfter or the deadline', () => {
    const config = settings({ minRequests: 20, promoteAfter: 50 });
    const good = [{ name: 'success-rate', active: 100, candidate: 100, limit: 95, ok: true }] as const;
    const bad = [{ name: 'success-rate', active: 100, candidate: 0, limit: 95, ok: false }] as const;
    const progress = { state: 'running', servedCanary: 19, minReachedAtMs: null } as const;
    expect(judgeCanary(progress, [...bad], config, 0)).toEqual({ kind: 'none' });
    const reached = { ...progress, servedCanary: 20, minReachedAtMs: 1000 };
    expect(judgeCanary(reached, [...bad], config, 1000)).toMatchObject({ kind: 'rollback', reason: /success-rate/ });
    expect(judgeCanary(reached, [...good], config, 1000)).toEqual({ kind: 'none' });
    expect(judgeCanary(reached, [...good], config, 31_000)).toMatchObject({ kind: 'promote' });
    expect(judgeCanary({ ...reached, servedCanary: 50 }, [...good], config, 1000)).toMatchObject({ kind: 'promote' });
    const manual = settings({ minRequests: 20, promoteAfter: 20, promotion: 'manual' });
    expect(judgeCanary(reached, [...good], manual, 1000)).toMatchObject({ kind: 'wait' });
    const waiting = { ...reached, state: 'waiting-for-promotion' } as const;
    expect(judgeCanary(waiting, [...good], manual, 99_000)).toEqual({ kind: 'none' });
    expect(judgeCanary(waiting, [...bad], manual, 99_000)).toMatchObject({ kind: 'rollback' });
  });
});

describe('canary configuration', () => {
  it('reads flags before the environment and rejects bad values in one line', () => {
    expect(canarySourceOf({}, {})).toBeNull();
    const env = { SWITCHYARD_CANARY_POLICY: 'b.yaml', SWITCHYARD_CANARY_PERCENT: '5', SWITCHYARD_CANARY_BY: 'caller' };
    expect(canarySourceOf({}, env)).toEqual({ candidate: 'b.yaml', settings: { percent: 5, by: { kind: 'caller' } } });
    expect(canarySourceOf({ canaryPercent: '20' }, env)?.settings.percent).toBe(20);
    expect(() => canarySourceOf({ canaryPolicy: 'b.yaml' }, {})).toThrow(/--canary-percent/);
    expect(() => canarySourceOf({ canaryPolicy: 'b.yaml', canaryPercent: '150' }, {})).toThrow(/0 to 100/);
    expect(() => canarySourceOf({ canaryPercent: '5' }, {})).toThrow(/needs --canary-policy/);
  });

  it('needs a candidate with its own version, and a declared metadata key to slice by', () => {
    const load = (yaml: string) => parsePolicyText(yaml, '/virtual/p.yaml', 'p.yaml');
    const active = load(BASE_POLICY_YAML);
    const registry = createPolicyRegistry([active]);
    const candidate = load(BASE_POLICY_YAML.replace('version: test-1', 'version: test-2'));
    expect(workerCanaryOf(registry, candidate, settings()).candidate.version).toBe('test-2');
    expect(() => workerCanaryOf(registry, active, settings())).toThrow(/own version/);
    const byTenant = settings({ by: parseSliceBy('metadata:tenant') });
    expect(() => workerCanaryOf(registry, candidate, byTenant)).toThrow(/access.metadataKeys/);
  });
});
