import { describe, expect, it } from 'vitest';
import { summarizeCurve } from '../../../src/router/curve-summary.js';
import { randomBand } from '../../../src/router/random-band.js';

/** 200 items: weak right on 60 %, strong right on 80 %. */
const items = Array.from({ length: 200 }, (_, n) => ({ weakCorrect: n % 5 < 3, strongCorrect: n % 5 !== 4 }));

describe('randomBand', () => {
  it('is the straight line from weak-only to strong-only, with a band from seeded orders around it', () => {
    const band = randomBand(items);
    expect(band.points).toHaveLength(11);
    expect(band.orders).toBe(8);
    band.points.forEach((point, index) => {
      expect(point.strongShare).toBeCloseTo(index / 10, 12);
      expect(point.quality).toBeCloseTo(0.6 + (index / 10) * 0.2, 12);
      expect(point.low).toBeLessThanOrEqual(point.high);
    });
    expect(band.points[0]).toMatchObject({ low: 0.6, high: 0.6 });
    expect(band.points[10]!.low).toBeCloseTo(0.8, 12);
    expect(band.points[10]!.high).toBeCloseTo(0.8, 12);
    expect(band.points[5]!.high).toBeGreaterThan(band.points[5]!.low);
    expect(band.apgr.low).toBeLessThanOrEqual(band.apgr.mean);
    expect(band.apgr.mean).toBeLessThanOrEqual(band.apgr.high);
    expect(Math.abs(band.apgr.mean - 0.5)).toBeLessThan(0.1);
  });

  it('is deterministic for a seed and moves with it', () => {
    expect(randomBand(items, { seed: 3 })).toEqual(randomBand(items, { seed: 3 }));
    expect(randomBand(items, { seed: 3 }).apgr).not.toEqual(randomBand(items, { seed: 4 }).apgr);
    expect(() => randomBand([])).toThrow('no items');
  });
});

describe('summarizeCurve', () => {
  it('a perfect router reaches the oracle; cost reduction follows the strong share at 95 %', () => {
    const scored = items.map((item) => ({ ...item, score: Number(item.strongCorrect) - Number(item.weakCorrect) }));
    const curve = summarizeCurve(scored, { strongCostRatio: 10 });
    expect(curve.items).toBe(200);
    expect(curve.rows).toHaveLength(11);
    expect(curve.points).toHaveLength(101);
    expect(curve.rows.map((row) => row.quality)).toEqual(curve.rows.map((row) => row.oracle));
    expect(curve.oracle).toBeCloseTo(0.8, 12);
    expect(curve.costReductionAt95).toBeCloseTo((1 - curve.strongShareAt95) * 0.9, 12);
    expect(() => summarizeCurve(scored, { strongCostRatio: 0.5 })).toThrow('at least 1');
  });
});
