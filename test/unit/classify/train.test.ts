import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/classify/classifier.js';
import { serializeModel } from '../../../src/classify/model-codec.js';
import { trainClassifier } from '../../../src/classify/train.js';
import { UNKNOWN_LABEL } from '../../../src/classify/types.js';
import { syntheticExamples } from './synthetic.js';

describe('trainClassifier', () => {
  const train = syntheticExamples(40, 1);
  const test = syntheticExamples(25, 2);

  it('learns a small synthetic task to high accuracy', () => {
    const model = trainClassifier(train);
    const classifier = createClassifier(model, { unknownThreshold: 0 });
    const right = test.filter((e) => classifier.classify(e.text).label === e.label).length;
    expect(right / test.length).toBeGreaterThanOrEqual(0.97);
    expect(model.labels).toEqual(['billing', 'order_status', 'password', 'refund']);
    expect(model.oosLabel).toBeNull();
    expect(model.summary.holdoutAccuracy).toBeGreaterThan(0.9);
  });

  it('is deterministic: the same seed gives a byte-identical artifact', () => {
    const a = serializeModel(trainClassifier(train, { seed: 7 }));
    const b = serializeModel(trainClassifier(train, { seed: 7 }));
    expect(a).toBe(b);
    const c = serializeModel(trainClassifier(train, { seed: 8 }));
    expect(c).not.toBe(a);
  });

  it('returns ranked alternatives and probabilities that sum to at most 1', () => {
    const classifier = createClassifier(trainClassifier(train), { alternatives: 3 });
    const result = classifier.classify('where is my parcel, has it shipped?');
    expect(result.label).toBe('order_status');
    expect(result.alternatives).toHaveLength(3);
    const confidences = [result.confidence, ...result.alternatives.map((a) => a.confidence)];
    expect([...confidences].sort((x, y) => y - x)).toEqual(confidences);
    expect(confidences.reduce((s, x) => s + x, 0)).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('labels texts below the threshold unknown (model threshold, construction option, per call)', () => {
    const model = trainClassifier(train);
    const strict = createClassifier({ ...model, unknownThreshold: 0.999999 });
    const gibberish = strict.classify('zzz qqq xylophone');
    expect(gibberish.label).toBe(UNKNOWN_LABEL);
    expect(gibberish.alternatives[0]!.confidence).toBe(gibberish.confidence);
    const lenient = createClassifier(model, { unknownThreshold: 0 });
    expect(lenient.classify('zzz qqq xylophone').label).not.toBe(UNKNOWN_LABEL);
    expect(lenient.classify('zzz qqq xylophone', { unknownThreshold: 1 }).label).toBe(UNKNOWN_LABEL);
  });

  it('learns a threshold that keeps in-scope accuracy and rejects unseen vocabulary', () => {
    const model = trainClassifier(train);
    expect(model.summary.thresholdRule).toBe('accuracy-drop');
    expect(model.unknownThreshold).toBeGreaterThan(0);
    expect(model.unknownThreshold).toBeLessThan(1);
    const classifier = createClassifier(model);
    const inScope = test.filter((e) => classifier.classify(e.text).label === e.label).length / test.length;
    expect(inScope).toBeGreaterThanOrEqual(0.95);
  });

  it('honours a fixed threshold option', () => {
    const model = trainClassifier(train, { unknownThreshold: 0.25 });
    expect(model.unknownThreshold).toBe(0.25);
    expect(model.summary.thresholdRule).toBe('fixed');
  });

  it('answers oos when trained with out-of-scope examples', () => {
    const withOos = syntheticExamples(40, 3, { oosCount: 60 });
    const model = trainClassifier(withOos);
    expect(model.oosLabel).toBe('oos');
    const classifier = createClassifier(model);
    expect(classifier.classify('tell me a joke please').label).toBe('oos');
    expect(classifier.classify('what is the weather tomorrow in tokyo').label).toBe('oos');
    expect(classifier.classify('where is my package').label).toBe('order_status');
  });

  it('rejects bad input with a clear error', () => {
    expect(() => trainClassifier([{ text: 'a', label: 'x' }])).toThrow(/at least 2 distinct labels/);
    expect(() =>
      trainClassifier([
        { text: 'a', label: '' },
        { text: 'b', label: 'y' },
      ]),
    ).toThrow(/example 1: "label" must be a non-empty string/);
    expect(() => trainClassifier(train, { hashBits: 40 })).toThrow(/hashBits/);
  });

  it('trains on tiny data without a holdout', () => {
    const tiny = [
      { text: 'reset my password', label: 'password' },
      { text: 'where is my order', label: 'order' },
    ];
    const model = trainClassifier(tiny);
    expect(model.summary.holdoutExamples).toBe(0);
    expect(model.temperature).toBe(1);
    expect(createClassifier(model).classify('my password').label).toBe('password');
  });
});
