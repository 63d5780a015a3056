import { describe, expect, it } from 'vitest';
import { computeFailoverReadiness, declaredFailoverPairs } from '../../../src/report/failover-readiness.js';
import { attempt, result } from './fixtures.js';

const failed = (overrides = {}) =>
  attempt({ ok: false, errorKind: 'transient', errorType: 'Overloaded', costUsd: 0, ...overrides });
const fallback = (overrides = {}) =>
  attempt({ n: 2, role: 'fallback', model: 'strong', provider: 'cloud-strong', ...overrides });

const models = {
  fast: { provider: 'cloud-fast' },
  cheap: { provider: 'cloud-fast' },
  strong: { provider: 'cloud-strong' },
  local: { provider: 'private' },
};
const policy = (routes: { primary: string; fallbacks: string[] }[]) =>
  ({ routes, models }) as unknown as Parameters<typeof declaredFailoverPairs>[0];

describe('computeFailoverReadiness', () => {
  it('is empty without results and without declared pairs', () => {
    expect(computeFailoverReadiness([])).toEqual([]);
    expect(computeFailoverReadiness([result({ attempts: [] })])).toEqual([]);
  });

  it('has no pair when every attempt stays on one provider', () => {
    const sameProvider = result({
      attempts: [failed(), fallback({ model: 'cheap', provider: 'cloud-fast' })],
    });
    expect(computeFailoverReadiness([result(), sameProvider])).toEqual([]);
  });

  it('counts a pair exercised twice with one success, and the latest close time', () => {
    const first = result({ attempts: [failed(), fallback()] });
    const second = result({
      outcome: 'degraded',
      model: null,
      attempts: [failed(), fallback({ ok: false, errorKind: 'transient', errorType: 'Timeout' })],
    });
    const closedAt = new Map([
      [first, '2026-12-06T06:00:00.000Z'],
      [second, '2026-12-06T06:30:00.000Z'],
    ]);
    expect(computeFailoverReadiness([second, first], { closedAtOf: (item) => closedAt.get(item) })).toEqual([
      {
        from: 'cloud-fast',
        to: 'cloud-strong',
        exercised: 2,
        succeeded: 1,
        successRate: 0.5,
        lastExercisedAt: '2026-12-06T06:30:00.000Z',
        declared: false,
      },
    ]);
  });

  it('ignores retries, a fallback after a success, and classifier calls between attempts', () => {
    const rows = computeFailoverReadiness([
      result({
        attempts: [
          attempt({ role: 'classify', provider: 'private', ok: false }),
          failed(),
          attempt({ n: 2, role: 'retry' }),
        ],
      }),
      result({
        attempts: [failed(), attempt({ n: 2, role: 'classify', provider: 'private' }), fallback({ n: 3 })],
      }),
    ]);
    expect(rows.map((row) => [row.from, row.to, row.exercised, row.succeeded])).toEqual([
      ['cloud-fast', 'cloud-strong', 1, 1],
    ]);
    expect(rows[0]!.lastExercisedAt).toBeNull();
  });

  it('follows a chain of fallbacks across providers, one pair per hop', () => {
    const rows = computeFailoverReadiness([
      result({
        model: 'local',
        attempts: [failed(), fallback({ ok: false }), fallback({ n: 3, model: 'local', provider: 'private' })],
      }),
    ]);
    expect(rows.map((row) => [row.from, row.to, row.exercised, row.succeeded])).toEqual([
      ['cloud-fast', 'cloud-strong', 1, 0],
      ['cloud-strong', 'private', 1, 1],
    ]);
  });

  it('lists a declared pair never exercised, and marks exercised pairs the policy declares', () => {
    const declared = declaredFailoverPairs(policy([{ primary: 'fast', fallbacks: ['strong', 'local'] }]));
    const rows = computeFailoverReadiness([result({ attempts: [failed(), fallback()] })], { declared });
    expect(rows).toEqual([
      expect.objectContaining({ from: 'cloud-fast', to: 'cloud-strong', exercised: 1, declared: true }),
      {
        from: 'cloud-fast',
        to: 'private',
        exercised: 0,
        succeeded: 0,
        successRate: null,
        lastExercisedAt: null,
        declared: true,
      },
      expect.objectContaining({ from: 'cloud-strong', to: 'private', exercised: 0, declared: true }),
    ]);
  });
});

describe('declaredFailoverPairs', () => {
  it('pairs each candidate with every later one on another provider, distinct and sorted', () => {
    expect(
      declaredFailoverPairs(
        policy([
          { primary: 'fast', fallbacks: ['cheap', 'strong'] },
          { primary: 'fast', fallbacks: ['strong'] },
          { primary: 'local', fallbacks: [] },
        ]),
      ),
    ).toEqual([{ from: 'cloud-fast', to: 'cloud-strong' }]);
  });

  it('skips same-provider fallbacks and unknown models', () => {
    expect(declaredFailoverPairs(policy([{ primary: 'fast', fallbacks: ['cheap', 'missing'] }]))).toEqual([]);
  });
});
