import { encodeTexts, RowIndex } from './encode.js';
import { Featurizer, type FeaturizerConfig } from './featurize.js';
import { fitLinearModel, type LinearModelOptions } from './linear-model.js';
import { quantiseColumns } from './quantize.js';
import { MODEL_FORMAT, MODEL_VERSION, type TrainedModel } from './types.js';

/**
 * Fits the linear layer on texts and packs it as an (uncalibrated) model: rows sorted by bucket,
 * weights quantised to int8. Temperature 1, threshold 0 and an empty summary until `trainClassifier`
 * fills them in.
 */
export function fitModel(
  texts: readonly string[],
  targets: readonly number[],
  labels: readonly string[],
  oosLabel: string | null,
  featurizerConfig: FeaturizerConfig,
  linear: LinearModelOptions,
): TrainedModel {
  const featurizer = new Featurizer(featurizerConfig);
  const index = new RowIndex(featurizerConfig.hashBits);
  const examples = encodeTexts(featurizer, texts, targets, index, true);
  const classes = labels.length;
  const fitted = fitLinearModel(examples, classes, index.size, linear);
  const order = index.buckets.map((_, row) => row).sort((a, b) => index.buckets[a]! - index.buckets[b]!);
  const sortedWeights = new Float32Array(order.length * classes);
  const buckets = new Uint32Array(order.length);
  order.forEach((row, at) => {
    buckets[at] = index.buckets[row]!;
    sortedWeights.set(fitted.weights.subarray(row * classes, (row + 1) * classes), at * classes);
  });
  const quantised = quantiseColumns(sortedWeights, order.length, classes);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    labels: [...labels],
    oosLabel,
    featurizer: { ...featurizerConfig },
    buckets,
    weights: quantised.weights,
    scales: quantised.scales,
    bias: Float32Array.from(fitted.bias),
    temperature: 1,
    unknownThreshold: 0,
    summary: {
      examples: texts.length,
      holdoutExamples: 0,
      holdoutAccuracy: null,
      holdoutAccuracyAtThreshold: null,
      holdoutOosRecall: null,
      holdoutEce: null,
      thresholdRule: 'none',
      seed: linear.seed,
    },
  };
}
