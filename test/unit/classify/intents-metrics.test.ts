import { describe, expect, it } from 'vitest';
import { benchClassify, benchTexts } from '../../../src/classify/bench-classify.js';
import { createClassifier } from '../../../src/classify/classifier.js';
import { trainClassifier } from '../../../src/classify/train.js';
import { scoreIntents } from '../../../src/eval/intents-metrics.js';
import { syntheticExamples } from './synthetic.js';

describe('scoreIntents', () => {
  it('counts unknown and oos as out of scope', () => {
    const gold = ['a', 'a', 'b', 'oos', 'oos'];
    const predicted = ['a', 'unknown', 'b', 'unknown', 'a'];
    const s = scoreIntents(gold, predicted);
    expect(s).toMatchObject({ items: 5, inScope: 3, outOfScope: 2 });
    expect(s.inScopeAccuracy).toBeCloseTo(2 / 3);
    expect(s.oosRecall).toBeCloseTo(1 / 2);
    // F1: a = 2·(1/2·1/2)/(1) = 0.5, b = 1, oos = 2·(1/2·1/2)/1 = 0.5 → mean 2/3.
    expect(s.macroF1).toBeCloseTo(2 / 3);
  });

  it('leaves oos recall null when the test set has no out-of-scope items', () => {
    expect(scoreIntents(['a'], ['a']).oosRecall).toBeNull();
  });
});

describe('benchClassify', () => {
  it('reports percentiles over the requested samples of 2 KB texts', () => {
    const texts = benchTexts(4, 2048);
    expect(texts.every((t) => t.length === 2048)).toBe(true);
    expect(benchTexts(4, 2048)).toEqual(texts);
    const classifier = createClassifier(trainClassifier(syntheticExamples(10, 5)));
    const bench = benchClassify(classifier, { samples: 50, warmup: 5 });
    expect(bench.samples).toBe(50);
    expect(bench.textChars).toBe(2048);
    expect(bench.p50Ms).toBeLessThanOrEqual(bench.p95Ms);
    expect(bench.p95Ms).toBeLessThanOrEqual(bench.p99Ms);
  });
});
