import { type CurveSummary, type CurveSummaryOptions, summarizeCurve } from '../router/curve-summary.js';
import { readRouterModel } from '../router/model-json.js';
import { readOutcomeLines } from '../router/outcome-lines.js';
import { qualityCurve } from '../router/quality-curve.js';
import { type OutcomeExample, StrongGainScorer, trainStrongGain } from '../router/strong-gain-model.js';
import { itemRank } from './routellm.js';

/**
 * `bench replay --curve`: the quality / strong-share curve of the strong-gain router on any labelled file
 * (`{"prompt"|"messages","weak_correct","strong_correct"}` lines). With a trained router, every line is scored; else
 * a router is trained on a seeded share of the lines (split by a hash of the prompt) and the rest are scored.
 */

export interface CurveBenchOptions extends CurveSummaryOptions {
  /** Labelled JSONL file. */
  input: string;
  /** A trained `router.json`: score every line with it. @default train one on `trainSplit` of the lines */
  model?: string;
  /** Share of lines (by prompt hash) to train on when no model is given, 0..1 exclusive. @default 0.5 */
  trainSplit?: number;
  /** Seed of the split (and of the folds). @default 1 */
  splitSeed?: number;
  /** Also cross-validate: train on k − 1 hash folds, score the last, k times. @default none */
  folds?: number;
}

export interface CurveBenchResult {
  input: string;
  /** Lines read. */
  lines: number;
  /** `model`: a given router scored every line; `split`: trained here on `trainItems`, scored the rest. */
  mode: 'model' | 'split';
  trainItems: number;
  splitSeed: number;
  curve: CurveSummary;
  /** k-fold APGR when asked: one per fold, mean and sample standard deviation. */
  folds: { k: number; apgr: number[]; mean: number; sd: number } | null;
}

/** Reads, trains (unless a model is given), scores and summarises. Deterministic for the same file and options. */
export function runCurveBench(options: CurveBenchOptions): CurveBenchResult {
  const examples = readOutcomeLines(options.input);
  const seed = options.splitSeed ?? 1;
  const split = options.trainSplit ?? 0.5;
  if (!(split > 0 && split < 1)) throw new Error(`--train-split must be between 0 and 1, got ${split}`);
  let train: OutcomeExample[] = [];
  let test: OutcomeExample[] = examples;
  let scorer: StrongGainScorer;
  if (options.model) scorer = new StrongGainScorer(readRouterModel(options.model));
  else {
    train = examples.filter((example) => itemRank(example.text, seed) < split);
    test = examples.filter((example) => itemRank(example.text, seed) >= split);
    if (train.length === 0 || test.length === 0)
      throw new Error(`${options.input}: too few lines to split (${train.length} to train, ${test.length} to score)`);
    scorer = new StrongGainScorer(trainStrongGain(train));
  }
  const curve = summarizeCurve(scoreAll(scorer, test), options);
  return {
    input: options.input,
    lines: examples.length,
    mode: options.model ? 'model' : 'split',
    trainItems: train.length,
    splitSeed: seed,
    curve,
    folds: options.folds ? crossValidate(examples, options.folds, seed) : null,
  };
}

/** APGR of k routers, each trained on k − 1 folds (by prompt hash) and scored on the one left out. */
export function crossValidate(
  examples: readonly OutcomeExample[],
  k: number,
  seed: number,
): { k: number; apgr: number[]; mean: number; sd: number } {
  if (!(Number.isInteger(k) && k >= 2)) throw new Error(`--folds must be an integer of at least 2, got ${k}`);
  const foldOf = examples.map((example) => Math.min(k - 1, Math.floor(itemRank(example.text, seed) * k)));
  const apgr = Array.from({ length: k }, (_, fold) => {
    const train = examples.filter((_, index) => foldOf[index] !== fold);
    const test = examples.filter((_, index) => foldOf[index] === fold);
    if (train.length === 0 || test.length === 0) throw new Error(`fold ${fold + 1} of ${k} is empty: too few lines`);
    return qualityCurve(scoreAll(new StrongGainScorer(trainStrongGain(train)), test)).apgr;
  });
  const mean = apgr.reduce((sum, value) => sum + value, 0) / k;
  const sd = Math.sqrt(apgr.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (k - 1));
  return { k, apgr, mean, sd };
}

function scoreAll(scorer: StrongGainScorer, examples: readonly OutcomeExample[]) {
  return examples.map((example) => ({
    score: scorer.strongGain(example.text),
    weakCorrect: example.weakCorrect,
    strongCorrect: example.strongCorrect,
  }));
}
