import { expectedCalibrationError, fitTemperature, type HeldOutLogits, topPredictions } from './calibration.js';
import { createClassifier } from './classifier.js';
import { DEFAULT_FEATURIZER_CONFIG, type FeaturizerConfig } from './featurize.js';
import { fitModel } from './fit-model.js';
import { DEFAULT_LINEAR_OPTIONS, type LinearModelOptions } from './linear-model.js';
import { stratifiedFolds, stratifiedSplit } from './split.js';
import { chooseUnknownThreshold, type ThresholdCase } from './threshold.js';
import { DEFAULT_OOS_LABEL, type LabelledExample, type TrainedModel } from './types.js';

/**
 * Training options. Every field has a default tuned on the public intent sets (BANKING77, CLINC150,
 * BANKING77-OOS, HINT3), so `trainClassifier(examples)` already gives the good model and threshold.
 */
export interface TrainOptions extends FeaturizerConfig, LinearModelOptions {
  /**
   * Calibration folds: the temperature and the unknown threshold are fitted on out-of-fold predictions of
   * `calibrationFolds` models, each trained without one stratified fold (every example is held out once).
   * 1 = a single split holding out `holdoutFraction` of each label instead. @default 3
   */
  calibrationFolds: number;
  /** Share of each label held out when `calibrationFolds` is 1. @default 0.2 */
  holdoutFraction: number;
  /** Label of out-of-scope examples (they train a class whose prediction is reported as-is). @default 'oos' */
  oosLabel: string;
  /**
   * In-scope accuracy (absolute) the unknown threshold may cost on held-out data when the training data
   * has no out-of-scope examples. @default 0.035
   */
  maxAccuracyDrop: number;
  /** The same when the training data has out-of-scope (`oosLabel`) examples. @default 0.0125 */
  maxAccuracyDropWithOos: number;
  /**
   * Upper bound of the learned threshold: a calibrated confidence of 0.5 or more means the label is more
   * likely right than wrong, so it is never turned into `unknown` by default. @default 0.5
   */
  maxUnknownThreshold: number;
  /**
   * Upper bound when the training data has no out-of-scope examples: the threshold is then the only
   * defence against out-of-scope requests, and held-out data cannot show what they look like, so the
   * bound is a calibrated confidence itself — below 0.4 (a 40 % chance of being right) the label becomes
   * `unknown` unless that costs more than `maxAccuracyDrop`. Chosen on the BANKING77 and BANKING77-OOS
   * development splits (docs in the README's evaluation section). @default 0.4
   */
  maxUnknownThresholdWithoutOos: number;
  /** Fixed unknown threshold (e.g. from the policy) instead of the learned one. @default learned */
  unknownThreshold?: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  ...DEFAULT_FEATURIZER_CONFIG,
  ...DEFAULT_LINEAR_OPTIONS,
  calibrationFolds: 3,
  holdoutFraction: 0.2,
  maxAccuracyDrop: 0.035,
  maxAccuracyDropWithOos: 0.0125,
  maxUnknownThreshold: 0.5,
  maxUnknownThresholdWithoutOos: 0.4,
  oosLabel: DEFAULT_OOS_LABEL,
};

/** Held-out examples needed before a temperature and a threshold are learned (else T = 1, threshold 0). */
const MIN_HOLDOUT = 10;

/**
 * Trains a classifier: fits `calibrationFolds` models, each without one stratified fold, and collects
 * their predictions on the examples they did not see; fits the softmax temperature and chooses the
 * unknown threshold on those out-of-fold predictions (see `chooseUnknownThreshold`, capped at
 * `maxUnknownThreshold`); fits the final model on all examples and attaches both. Pure and deterministic:
 * the same examples and options give the same model, byte for byte once serialised.
 */
export function trainClassifier(
  examples: readonly LabelledExample[],
  options: Partial<TrainOptions> = {},
): TrainedModel {
  const opts: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  validate(examples, opts);
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const classOf = new Map(labels.map((label, i) => [label, i]));
  const oosLabel = classOf.has(opts.oosLabel) ? opts.oosLabel : null;
  const featurizer = pickFeaturizer(opts);
  const linear: LinearModelOptions = {
    loss: opts.loss,
    epochs: opts.epochs,
    learningRate: opts.learningRate,
    l2: opts.l2,
    sparseCutoff: opts.sparseCutoff,
    maxActiveClasses: opts.maxActiveClasses,
    seed: opts.seed,
  };
  const texts = examples.map((e) => e.text);
  const targets = examples.map((e) => classOf.get(e.label)!);

  const exampleLabels = examples.map((e) => e.label);
  const folds =
    opts.calibrationFolds >= 2
      ? stratifiedFolds(exampleLabels, opts.calibrationFolds, opts.seed)
      : [stratifiedSplit(exampleLabels, opts.holdoutFraction, opts.seed).heldOut];
  const heldOutCount = folds.reduce((sum, fold) => sum + fold.length, 0);
  const model = fitModel(texts, targets, labels, oosLabel, featurizer, linear);
  if (heldOutCount >= MIN_HOLDOUT) {
    const heldOut = outOfFoldLogits(texts, targets, folds, labels, oosLabel, featurizer, linear);
    const temperature = fitTemperature(heldOut);
    const { predicted, confidence } = topPredictions(heldOut, temperature);
    const oosClass = oosLabel === null ? -1 : classOf.get(oosLabel)!;
    const cases = Array.from(heldOut.targets, (target, i) => ({
      confidence: confidence[i]!,
      inScope: target !== oosClass,
      correct: target !== oosClass && predicted[i] === target,
      predictedOos: predicted[i] === oosClass,
    }));
    const choice = chooseUnknownThreshold(
      cases,
      oosLabel === null ? opts.maxAccuracyDrop : opts.maxAccuracyDropWithOos,
    );
    model.temperature = temperature;
    const cap = oosLabel === null ? opts.maxUnknownThresholdWithoutOos : opts.maxUnknownThreshold;
    model.unknownThreshold = Math.min(choice.threshold, cap);
    model.summary = {
      ...model.summary,
      holdoutExamples: heldOutCount,
      holdoutAccuracy: choice.accuracyBefore,
      ...thresholdEffect(cases, model.unknownThreshold, choice.accuracyBefore),
      holdoutEce: expectedCalibrationError(
        confidence,
        Array.from(heldOut.targets, (t, i) => predicted[i] === t),
      ),
      thresholdRule: 'accuracy-drop',
    };
  }
  if (opts.unknownThreshold !== undefined) {
    model.unknownThreshold = opts.unknownThreshold;
    model.summary.thresholdRule = 'fixed';
  }
  return model;
}

/** Logits of every held-out example from a model trained without its fold. */
function outOfFoldLogits(
  texts: readonly string[],
  targets: readonly number[],
  folds: readonly number[][],
  labels: readonly string[],
  oosLabel: string | null,
  featurizer: FeaturizerConfig,
  linear: LinearModelOptions,
): HeldOutLogits {
  const classes = labels.length;
  const total = folds.reduce((sum, fold) => sum + fold.length, 0);
  const logits = new Float64Array(total * classes);
  const heldOutTargets = new Int32Array(total);
  const row = new Float64Array(classes);
  const inFold = new Uint8Array(texts.length);
  let at = 0;
  for (const fold of folds) {
    inFold.fill(0);
    for (const i of fold) inFold[i] = 1;
    const trainIdx = texts.map((_, i) => i).filter((i) => inFold[i] === 0);
    const probe = fitModel(
      trainIdx.map((i) => texts[i]!),
      trainIdx.map((i) => targets[i]!),
      labels,
      oosLabel,
      featurizer,
      linear,
    );
    const classifier = createClassifier(probe);
    for (const i of fold) {
      classifier.logits(texts[i]!, row);
      logits.set(row, at * classes);
      heldOutTargets[at++] = targets[i]!;
    }
  }
  return { classes, logits, targets: heldOutTargets };
}

/** Held-out accuracy and out-of-scope recall at `threshold` (after any cap). */
function thresholdEffect(
  cases: readonly ThresholdCase[],
  threshold: number,
  accuracyBefore: number | null,
): { holdoutAccuracyAtThreshold: number | null; holdoutOosRecall: number | null } {
  const inScope = cases.filter((c) => c.inScope);
  const outOfScope = cases.filter((c) => !c.inScope);
  return {
    holdoutAccuracyAtThreshold:
      accuracyBefore === null
        ? null
        : inScope.filter((c) => c.correct && c.confidence >= threshold).length / inScope.length,
    holdoutOosRecall:
      outOfScope.length === 0
        ? null
        : outOfScope.filter((c) => c.predictedOos || c.confidence < threshold).length / outOfScope.length,
  };
}

function pickFeaturizer(opts: TrainOptions): FeaturizerConfig {
  return {
    hashBits: opts.hashBits,
    charMax: opts.charMax,
    charMin: opts.charMin,
    maxChars: opts.maxChars,
    maxCharNgramChars: opts.maxCharNgramChars,
    charWeight: opts.charWeight,
  };
}

function validate(examples: readonly LabelledExample[], opts: TrainOptions): void {
  examples.forEach((e, i) => {
    if (typeof e?.text !== 'string') throw new Error(`training example ${i + 1}: "text" must be a string`);
    if (typeof e.label !== 'string' || e.label === '') {
      throw new Error(`training example ${i + 1}: "label" must be a non-empty string`);
    }
  });
  if (new Set(examples.map((e) => e.label)).size < 2) throw new Error('training needs at least 2 distinct labels');
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new Error(`invalid training option: ${what}`);
  };
  check(Number.isInteger(opts.hashBits) && opts.hashBits >= 10 && opts.hashBits <= 24, 'hashBits must be 10..24');
  check(Number.isInteger(opts.charMin) && opts.charMin >= 1, 'charMin must be an integer ≥ 1');
  check(
    Number.isInteger(opts.charMax) && opts.charMax >= opts.charMin && opts.charMax <= 8,
    'charMax must be charMin..8',
  );
  check(Number.isInteger(opts.maxChars) && opts.maxChars >= 16, 'maxChars must be an integer ≥ 16');
  check(Number.isInteger(opts.maxCharNgramChars) && opts.maxCharNgramChars >= 0, 'maxCharNgramChars must be ≥ 0');
  check(Number.isInteger(opts.epochs) && opts.epochs >= 1, 'epochs must be an integer ≥ 1');
  check(opts.loss === 'softmax' || opts.loss === 'one-vs-rest', 'loss must be "softmax" or "one-vs-rest"');
  check(opts.learningRate > 0, 'learningRate must be > 0');
  check(opts.l2 >= 0, 'l2 must be ≥ 0');
  check(opts.maxAccuracyDrop >= 0 && opts.maxAccuracyDrop < 1, 'maxAccuracyDrop must be in [0, 1)');
  check(
    opts.maxAccuracyDropWithOos >= 0 && opts.maxAccuracyDropWithOos < 1,
    'maxAccuracyDropWithOos must be in [0, 1)',
  );
  check(
    Number.isInteger(opts.calibrationFolds) && opts.calibrationFolds >= 1,
    'calibrationFolds must be an integer ≥ 1',
  );
  check(opts.maxUnknownThreshold >= 0 && opts.maxUnknownThreshold <= 1, 'maxUnknownThreshold must be in [0, 1]');
  check(opts.holdoutFraction >= 0 && opts.holdoutFraction < 1, 'holdoutFraction must be in [0, 1)');
  check(Number.isInteger(opts.seed), 'seed must be an integer');
  if (opts.unknownThreshold !== undefined) {
    check(opts.unknownThreshold >= 0 && opts.unknownThreshold <= 1, 'unknownThreshold must be in [0, 1]');
  }
}
