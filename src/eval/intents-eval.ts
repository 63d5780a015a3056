import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../classify/classifier.js';
import { serializeModel } from '../classify/model-codec.js';
import { readExamplesFile } from '../classify/model-file.js';
import { stratifiedSplit } from '../classify/split.js';
import { type TrainOptions, trainClassifier } from '../classify/train.js';
import type { LabelledExample } from '../classify/types.js';
import { type IntentScores, scoreIntents } from './intents-metrics.js';

/**
 * Evaluates the local intent classifier on the public intent sets (JSONL `{"text","label"}`, `oos` =
 * out of scope) found in a directory: each set is trained with the default options and scored on its
 * validation split, or on a stratified 20 % slice held back from its training file.
 */
export interface IntentDatasetSpec {
  name: string;
  train: string;
  /** Test file; absent → a stratified `heldBackFraction` slice of `train`. */
  test?: string;
}

export const INTENT_DATASETS: readonly IntentDatasetSpec[] = [
  { name: 'banking77', train: 'banking77.train.jsonl' },
  { name: 'clinc150', train: 'clinc150.train.jsonl', test: 'clinc150.val.jsonl' },
  { name: 'banking77-oos', train: 'banking77-oos.train.jsonl', test: 'banking77-oos.valid.jsonl' },
  { name: 'hint3-curekart', train: 'hint3-curekart.train.jsonl' },
  { name: 'hint3-powerplay11', train: 'hint3-powerplay11.train.jsonl' },
  { name: 'hint3-sofmattress', train: 'hint3-sofmattress.train.jsonl' },
];

/** Share of a training file held back as the test slice when a set has no validation file. */
const HELD_BACK_FRACTION = 0.2;
/** Seed of the held-back slice (independent of the training seed). */
const HELD_BACK_SEED = 7;

export interface IntentDatasetResult extends IntentScores {
  dataset: string;
  /** How the test items were obtained. */
  testSplit: string;
  trainExamples: number;
  labels: number;
  /** In-scope accuracy of the best class alone (no unknown threshold). */
  inScopeAccuracyNoThreshold: number | null;
  unknownThreshold: number;
  thresholdRule: string;
  temperature: number;
  /** Held-out accuracy reported by training. */
  holdoutAccuracy: number | null;
  trainSeconds: number;
  modelBytes: number;
}

export interface IntentsEvalReport {
  dataDir: string;
  results: IntentDatasetResult[];
  /** Sets whose files were not found. */
  skipped: string[];
}

export interface IntentsEvalOptions {
  /** Only these set names. @default all found */
  only?: readonly string[];
  /** Training option overrides (for experiments; the defaults are what `switchyard train` uses). */
  train?: Partial<TrainOptions>;
  /** Called after each set (progress). */
  onResult?: (result: IntentDatasetResult) => void;
}

export function evaluateIntents(dataDir: string, options: IntentsEvalOptions = {}): IntentsEvalReport {
  const results: IntentDatasetResult[] = [];
  const skipped: string[] = [];
  for (const spec of INTENT_DATASETS) {
    if (options.only && !options.only.includes(spec.name)) continue;
    const trainPath = join(dataDir, spec.train);
    const testPath = spec.test ? join(dataDir, spec.test) : null;
    if (!existsSync(trainPath) || (testPath && !existsSync(testPath))) {
      skipped.push(spec.name);
      continue;
    }
    const all = readExamplesFile(trainPath);
    let train: LabelledExample[];
    let test: LabelledExample[];
    let testSplit: string;
    if (testPath) {
      train = all;
      test = readExamplesFile(testPath);
      testSplit = spec.test!;
    } else {
      const split = stratifiedSplit(
        all.map((e) => e.label),
        HELD_BACK_FRACTION,
        HELD_BACK_SEED,
      );
      train = split.train.map((i) => all[i]!);
      test = split.heldOut.map((i) => all[i]!);
      testSplit = `stratified ${HELD_BACK_FRACTION * 100} % of ${spec.train}`;
    }
    const result = evaluateSplit(spec.name, testSplit, train, test, options.train ?? {});
    options.onResult?.(result);
    results.push(result);
  }
  return { dataDir, results, skipped };
}

/** Trains on `train`, classifies `test`, and scores it. */
export function evaluateSplit(
  dataset: string,
  testSplit: string,
  train: readonly LabelledExample[],
  test: readonly LabelledExample[],
  trainOptions: Partial<TrainOptions>,
): IntentDatasetResult {
  const started = performance.now();
  const model = trainClassifier(train, trainOptions);
  const trainSeconds = (performance.now() - started) / 1000;
  const modelBytes = Buffer.byteLength(serializeModel(model));
  const classifier = createClassifier(model);
  const gold = test.map((e) => e.label);
  const predicted = test.map((e) => classifier.classify(e.text).label);
  const argmax = test.map((e) => classifier.classify(e.text, { unknownThreshold: 0 }).label);
  const scores = scoreIntents(gold, predicted, model.oosLabel ?? 'oos');
  return {
    dataset,
    testSplit,
    trainExamples: train.length,
    labels: model.labels.length,
    ...scores,
    inScopeAccuracyNoThreshold: scoreIntents(gold, argmax, model.oosLabel ?? 'oos').inScopeAccuracy,
    unknownThreshold: model.unknownThreshold,
    thresholdRule: model.summary.thresholdRule,
    temperature: model.temperature,
    holdoutAccuracy: model.summary.holdoutAccuracy,
    trainSeconds,
    modelBytes,
  };
}
