import { describe, expect, it } from 'vitest';
import { computeProviderConcentration } from '../../../src/report/provider-concentration.js';
import { attempt, result } from './fixtures.js';

describe('computeProviderConcentration', () => {
  it('is empty without results, and without attempts', () => {
    expect(computeProviderConcentration([])).toEqual([]);
    const rejected = result({ outcome: 'rejected', answer: null, model: null, attempts: [], costUsd: 0 });
    expect(computeProviderConcentration([rejected])).toEqual([]);
  });

  it('gives one provider everything when all traffic goes to it', () => {
    const rows = computeProviderConcentration([result(), result()]);
    expect(rows).toEqual([
      {
        provider: 'cloud-fast',
        attempts: 2,
        attemptShare: 1,
        answered: 2,
        answeredShare: 1,
        spendUsd: 0.002,
        spendShare: 1,
      },
    ]);
  });

  it('splits attempts, answers and spend; skips at an open circuit are not traffic', () => {
    const rows = computeProviderConcentration([
      result(),
      result({
        model: 'strong',
        attempts: [
          attempt({ ok: false, errorType: 'Overloaded', errorKind: 'transient', costUsd: 0 }),
          attempt({ n: 2, role: 'fallback', model: 'strong', provider: 'cloud-strong', costUsd: 0.006 }),
        ],
      }),
      result({
        model: 'strong',
        attempts: [
          attempt({ ok: false, errorType: 'CircuitOpen', errorKind: 'transient', costUsd: 0 }),
          attempt({ n: 2, role: 'fallback', model: 'strong', provider: 'cloud-strong', costUsd: 0.002 }),
        ],
      }),
      // degraded: attempts count and cost, but nobody answered
      result({
        outcome: 'degraded',
        model: null,
        attempts: [attempt({ ok: false, errorType: 'Overloaded', errorKind: 'transient', costUsd: 0.001 })],
      }),
    ]);
    expect(rows.map((row) => [row.provider, row.attempts, row.answered])).toEqual([
      ['cloud-fast', 3, 1],
      ['cloud-strong', 2, 2],
    ]);
    const [fast, strong] = rows;
    expect(fast!.attemptShare).toBeCloseTo(0.6);
    expect(fast!.answeredShare).toBeCloseTo(1 / 3);
    expect(fast!.spendUsd).toBeCloseTo(0.002);
    expect(fast!.spendShare).toBeCloseTo(0.2);
    expect(strong!.answeredShare).toBeCloseTo(2 / 3);
    expect(strong!.spendShare).toBeCloseTo(0.8);
  });

  it('counts classifier calls as traffic but not as answers', () => {
    const rows = computeProviderConcentration([
      result({
        attempts: [attempt({ role: 'classify', model: 'fast', provider: 'cloud-cheap' }), attempt({ n: 2 })],
      }),
    ]);
    expect(rows.find((row) => row.provider === 'cloud-cheap')).toMatchObject({ attempts: 1, answered: 0 });
    expect(rows.find((row) => row.provider === 'cloud-fast')).toMatchObject({ attempts: 1, answered: 1 });
  });

  it('reports zero shares rather than NaN when nothing was spent or answered', () => {
    const rows = computeProviderConcentration([
      result({ outcome: 'degraded', model: null, attempts: [attempt({ ok: false, costUsd: 0 })] }),
    ]);
    expect(rows).toEqual([
      {
        provider: 'cloud-fast',
        attempts: 1,
        attemptShare: 1,
        answered: 0,
        answeredShare: 0,
        spendUsd: 0,
        spendShare: 0,
      },
    ]);
  });
});
