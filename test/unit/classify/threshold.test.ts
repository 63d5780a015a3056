import { describe, expect, it } from 'vitest';
import { chooseUnknownThreshold, type ThresholdCase } from '../../../src/classify/threshold.js';

const inScope = (confidence: number, correct: boolean): ThresholdCase => ({
  confidence,
  inScope: true,
  correct,
  predictedOos: false,
});
const outOfScope = (confidence: number, predictedOos = false): ThresholdCase => ({
  confidence,
  inScope: false,
  correct: false,
  predictedOos,
});

describe('chooseUnknownThreshold', () => {
  it('rejects low-confidence predictions while accuracy stays within the allowed drop', () => {
    // 100 in-scope: 90 right (confidence 0.5..0.99), 10 wrong (0.1..0.3); one right one at 0.35.
    const cases: ThresholdCase[] = [];
    for (let i = 0; i < 89; i++) cases.push(inScope(0.5 + i / 200, true));
    cases.push(inScope(0.35, true));
    for (let i = 0; i < 10; i++) cases.push(inScope(0.1 + i / 50, false));
    const strict = chooseUnknownThreshold(cases, 0);
    expect(strict.threshold).toBeGreaterThan(0.28);
    expect(strict.threshold).toBeLessThan(0.35);
    expect(strict.accuracyAt).toBeCloseTo(0.9);
    const loose = chooseUnknownThreshold(cases, 0.01);
    expect(loose.threshold).toBeGreaterThan(0.35);
    expect(loose.threshold).toBeLessThan(0.5);
    expect(loose.accuracyBefore).toBeCloseTo(0.9);
    expect(loose.accuracyAt).toBeCloseTo(0.89);
  });

  it('reports out-of-scope recall, counting oos predictions as caught', () => {
    const cases = [inScope(0.9, true), inScope(0.8, true), outOfScope(0.2), outOfScope(0.95, true), outOfScope(0.85)];
    const choice = chooseUnknownThreshold(cases, 0);
    expect(choice.threshold).toBeGreaterThan(0.2);
    expect(choice.threshold).toBeLessThan(0.8);
    expect(choice.oosRecall).toBeCloseTo(2 / 3);
  });

  it('returns 0 when nothing in scope is held out', () => {
    expect(chooseUnknownThreshold([outOfScope(0.4)], 0.01)).toMatchObject({ threshold: 0, accuracyBefore: null });
  });
});
