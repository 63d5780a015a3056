import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/classify/classifier.js';
import { parseModel, serializeModel } from '../../../src/classify/model-codec.js';
import { trainClassifier } from '../../../src/classify/train.js';
import { MODEL_FORMAT, MODEL_VERSION } from '../../../src/classify/types.js';
import { syntheticExamples } from './synthetic.js';

describe('model artifact', () => {
  const model = trainClassifier(syntheticExamples(30, 11, { oosCount: 20 }));
  const json = serializeModel(model);

  it('is a versioned JSON document', () => {
    const doc = JSON.parse(json) as Record<string, unknown>;
    expect(doc.format).toBe(MODEL_FORMAT);
    expect(doc.version).toBe(MODEL_VERSION);
    expect(doc.labels).toEqual(model.labels);
    expect(doc.unknownThreshold).toBe(model.unknownThreshold);
  });

  it('round-trips exactly: same bytes and identical predictions', () => {
    const parsed = parseModel(json);
    expect(serializeModel(parsed)).toBe(json);
    const before = createClassifier(model);
    const after = createClassifier(parsed);
    for (const e of syntheticExamples(10, 12, { oosCount: 10 })) {
      expect(after.classify(e.text)).toEqual(before.classify(e.text));
    }
  });

  it('rejects another format or version with a clear error', () => {
    const doc = JSON.parse(json) as Record<string, unknown>;
    expect(() => parseModel(JSON.stringify({ ...doc, format: 'something-else' }))).toThrow(
      /not a switchyard intent model: format is "something-else"/,
    );
    expect(() => parseModel(JSON.stringify({ ...doc, version: 2 }))).toThrow(
      /unsupported model version 2 \(this build reads version 1\)/,
    );
    expect(() => parseModel('{"format":')).toThrow(/model is not valid JSON/);
    expect(() => parseModel('[]')).toThrow(/model must be a JSON object/);
  });

  it('rejects damaged fields, naming them', () => {
    const doc = JSON.parse(json) as Record<string, unknown>;
    const bad = (patch: Record<string, unknown>): string => JSON.stringify({ ...doc, ...patch });
    expect(() => parseModel(bad({ rows: (doc.rows as number) + 1 }))).toThrow(/"buckets" holds fewer than rows/);
    expect(() => parseModel(bad({ weights: 'bm90IGRlZmxhdGU=' }))).toThrow(/"weights"/);
    expect(() => parseModel(bad({ bias: [1, 2] }))).toThrow(/"bias" must be an array of/);
    expect(() => parseModel(bad({ unknownThreshold: 2 }))).toThrow(/"unknownThreshold" must be a number in \[0, 1\]/);
    expect(() => parseModel(bad({ oosLabel: 'nope' }))).toThrow(/"oosLabel"/);
    expect(() => parseModel(bad({ featurizer: { ...(doc.featurizer as object), hashBits: 99 } }))).toThrow(
      /"featurizer.hashBits"/,
    );
  });
});
