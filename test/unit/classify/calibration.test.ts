import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, fitTemperature, topPredictions } from '../../../src/classify/calibration.js';
import { createClassifier } from '../../../src/classify/classifier.js';
import { createPrng } from '../../../src/classify/prng.js';
import { trainClassifier } from '../../../src/classify/train.js';
import { syntheticExamples } from './synthetic.js';

describe('calibration', () => {
  it('recovers the temperature that generated the labels', () => {
    // Logits z, labels drawn from softmax(z / 2): the fitted temperature should be close to 2.
    const prng = createPrng(5);
    const classes = 5;
    const n = 4000;
    const logits = new Float64Array(n * classes);
    const targets = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const p = new Float64Array(classes);
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        logits[i * classes + c] = (prng.next() - 0.5) * 12;
        p[c] = Math.exp(logits[i * classes + c]! / 2);
        sum += p[c]!;
      }
      let u = prng.next() * sum;
      let c = 0;
      while (c < classes - 1 && u > p[c]!) u -= p[c++]!;
      targets[i] = c;
    }
    const data = { classes, logits, targets };
    const temperature = fitTemperature(data);
    expect(temperature).toBeGreaterThan(1.8);
    expect(temperature).toBeLessThan(2.2);
    const calibrated = topPredictions(data, temperature);
    const raw = topPredictions(data, 1);
    const correct = (pred: Int32Array) => Array.from(pred, (p, i) => p === targets[i]);
    expect(expectedCalibrationError(calibrated.confidence, correct(calibrated.predicted))).toBeLessThan(0.03);
    expect(expectedCalibrationError(raw.confidence, correct(raw.predicted))).toBeGreaterThan(0.1);
  });

  it('makes confidence match accuracy on a noisy synthetic task', () => {
    // 30 % of each intent's examples carry its look-alike's label: the best model is right 70 % of the
    // time, and its confidence should say so.
    const model = trainClassifier(syntheticExamples(150, 21, { labelNoise: 0.3 }));
    const classifier = createClassifier(model, { unknownThreshold: 0 });
    const test = syntheticExamples(100, 22, { labelNoise: 0.3 });
    const results = test.map((e) => classifier.classify(e.text));
    const accuracy = results.filter((r, i) => r.label === test[i]!.label).length / test.length;
    const meanConfidence = results.reduce((s, r) => s + r.confidence, 0) / results.length;
    expect(accuracy).toBeGreaterThan(0.6);
    expect(accuracy).toBeLessThan(0.8);
    expect(Math.abs(meanConfidence - accuracy)).toBeLessThan(0.08);
    expect(model.summary.holdoutEce).toBeLessThan(0.12);
  });
});
