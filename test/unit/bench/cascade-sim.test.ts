import { describe, expect, it } from 'vitest';
import { parseAccuracies, renderCascadeSim, simulateCascade } from '../../../src/bench/cascade-sim.js';

/** 100 items: 60 both right, 20 only strong right, 10 only weak right, 10 both wrong. */
const ITEMS = [
  ...Array.from({ length: 60 }, () => ({ weakCorrect: true, strongCorrect: true })),
  ...Array.from({ length: 20 }, () => ({ weakCorrect: false, strongCorrect: true })),
  ...Array.from({ length: 10 }, () => ({ weakCorrect: true, strongCorrect: false })),
  ...Array.from({ length: 10 }, () => ({ weakCorrect: false, strongCorrect: false })),
];

describe('cascade simulation', () => {
  it('baselines and a perfect verifier are exact', () => {
    const result = simulateCascade(ITEMS, { accuracies: [1, 0], strongCostRatio: 10 });
    const [weak, strong, perfect, useless] = result.rows;
    expect(weak).toMatchObject({ name: 'weak-only', quality: 0.7, strongShare: 0, pgr: 0, costPerItem: 1 });
    expect(strong).toMatchObject({ name: 'strong-only', quality: 0.8, strongShare: 1, pgr: 1, costPerItem: 10 });
    expect(strong!.costPerCorrect).toBeCloseTo(12.5, 10);
    // A perfect verifier sends exactly the 30 wrong weak answers up: 60 + 10 + 20 right.
    expect(perfect).toMatchObject({ name: 'cascade a=1', strongShare: 0.3, quality: 0.9 });
    expect(perfect!.pgr).toBeCloseTo(2, 10);
    expect(perfect!.costPerItem).toBeCloseTo(1 + 0.3 * 10, 10);
    // Accuracy 0 escalates exactly the right weak answers.
    expect(useless).toMatchObject({ strongShare: 0.7, quality: 0.6 });
  });

  it('is deterministic per seed, and a better verifier does better on the same draws', () => {
    const many = Array.from({ length: 20 }, () => ITEMS).flat();
    const one = simulateCascade(many, { accuracies: [0.7, 0.9], seed: 7 });
    expect(simulateCascade(many, { accuracies: [0.7, 0.9], seed: 7 })).toEqual(one);
    const [, , low, high] = one.rows;
    expect(high!.quality).toBeGreaterThan(low!.quality);
    expect(high!.strongShare).toBeLessThan(low!.strongShare);
    // Expected flags at a=0.7: 0.7 × 30% + 0.3 × 70% = 42% of items, within sampling noise.
    expect(low!.strongShare).toBeGreaterThan(0.38);
    expect(low!.strongShare).toBeLessThan(0.46);
  });

  it('charges verification per item and renders a table', () => {
    const result = simulateCascade(ITEMS, { accuracies: [1], strongCostRatio: 10, verifierCostRatio: 0.5 });
    expect(result.rows[2]!.costPerItem).toBeCloseTo(1.5 + 3, 10);
    const table = renderCascadeSim(result);
    expect(table).toContain('strategy          quality  strong share    PGR');
    expect(table).toMatch(/cascade a=1\s+90\.0%\s+30\.0%\s+2\.000/);
  });

  it('rejects accuracies outside 0..1 and empty input', () => {
    expect(parseAccuracies('0.7, 0.8')).toEqual([0.7, 0.8]);
    expect(() => parseAccuracies('0.7,1.2')).toThrow(/within 0..1/);
    expect(() => simulateCascade([], { accuracies: [0.8] })).toThrow(/no items/);
  });
});
