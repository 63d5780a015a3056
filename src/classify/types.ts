import type { FeaturizerConfig } from './featurize.js';

/** `format` field of a saved model. */
export const MODEL_FORMAT = 'switchyard-intent-model';
/** Current artifact version; `parseModel` rejects any other. */
export const MODEL_VERSION = 1;
/** Label returned when the best class's calibrated confidence is below the unknown threshold. */
export const UNKNOWN_LABEL = 'unknown';
/** Default label that marks out-of-scope training examples. */
export const DEFAULT_OOS_LABEL = 'oos';

/** One labelled training text. */
export interface LabelledExample {
  text: string;
  label: string;
}

/** How the unknown threshold was chosen. */
export type ThresholdRule = 'accuracy-drop' | 'fixed' | 'none';

/** What training measured; stored in the artifact so `train` and `eval` can report it. */
export interface TrainingSummary {
  /** Training examples used for the final model. */
  examples: number;
  /** Examples held out to calibrate (0 when the data was too small). */
  holdoutExamples: number;
  /** Held-out in-scope accuracy of the calibration model, before any unknown threshold (null: no holdout). */
  holdoutAccuracy: number | null;
  /** Held-out in-scope accuracy after the unknown threshold (unknown counts as wrong). */
  holdoutAccuracyAtThreshold: number | null;
  /** Share of held-out out-of-scope examples labelled `oos` or `unknown` (null: none held out). */
  holdoutOosRecall: number | null;
  /** Expected calibration error of the held-out confidences after temperature scaling (10 bins). */
  holdoutEce: number | null;
  thresholdRule: ThresholdRule;
  seed: number;
}

/**
 * A trained classifier: a quantised softmax layer over hashed n-gram features, a temperature for
 * calibrated confidences and an unknown threshold. Serialised by `serializeModel`.
 */
export interface TrainedModel {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  /** Class labels; index = class. */
  labels: string[];
  /** The label that means out-of-scope, when the training data had it; else null. */
  oosLabel: string | null;
  featurizer: FeaturizerConfig;
  /** Hash bucket of each weight row, strictly ascending. */
  buckets: Uint32Array;
  /** Quantised weights, `rows × classes` row-major; real weight = `weights[i] * scales[class]`. */
  weights: Int8Array;
  /** Per-class dequantisation scale. */
  scales: Float32Array;
  /** Per-class bias. */
  bias: Float32Array;
  /** Softmax temperature fitted on held-out data (confidence = softmax(logits / temperature)). */
  temperature: number;
  /** Calibrated confidence below which the label is `unknown`. */
  unknownThreshold: number;
  summary: TrainingSummary;
}

/** One label with its calibrated confidence. */
export interface LabelConfidence {
  label: string;
  confidence: number;
}

/** A classification: the label (or `unknown`), its confidence and the runners-up. */
export interface ClassifyResult {
  /** Intent label, the out-of-scope label, or `unknown` when the best class is below the threshold. */
  label: string;
  /**
   * Calibrated probability of the best class (also when `label` is `unknown`: then it is the confidence
   * that fell short of the threshold).
   */
  confidence: number;
  /** Next best classes, best first (when `label` is `unknown`, the best class comes first). */
  alternatives: LabelConfidence[];
}
