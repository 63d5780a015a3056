import { RowIndex, toRowExample } from '../classify/encode.js';
import { Featurizer, type FeaturizerConfig } from '../classify/featurize.js';
import { exampleLogits, fitLinearModel, type LinearModelOptions, softmaxInPlace } from '../classify/linear-model.js';

/**
 * A strong-gain router: one linear softmax model over hashed n-grams of the prompt with four classes, the joint
 * outcome of the two models (weak right?, strong right?). From it `strongGain = P(strong right) − P(weak right)`
 * (in −1..1): how much answering with the strong model is expected to help. Trained on correctness labels only —
 * no task label, no subject — so it carries to any task family.
 */

/** One labelled training line (`weak_correct`, `strong_correct` of a prompt). */
export interface OutcomeExample {
  text: string;
  weakCorrect: boolean;
  strongCorrect: boolean;
}

export interface RouterTrainOptions {
  featurizer: FeaturizerConfig;
  linear: LinearModelOptions;
}

/** Chosen on halves of the public MMLU correctness file (docs/router.md); deterministic for a seed. */
export const DEFAULT_ROUTER_OPTIONS: RouterTrainOptions = {
  featurizer: { hashBits: 20, charMin: 3, charMax: 4, maxChars: 1024, maxCharNgramChars: 256, charWeight: 0.5 },
  linear: {
    loss: 'softmax',
    epochs: 4,
    learningRate: 0.01,
    l2: 1e-4,
    sparseCutoff: 1e-6,
    maxActiveClasses: 4,
    seed: 42,
  },
};

/** The trained router as stored in `router.json` (sparse rows; weights rounded to 4 significant digits). */
export interface StrongGainModel {
  format: 'switchyard-strong-gain';
  version: 1;
  featurizer: FeaturizerConfig;
  /** Hash bucket of each weight row, ascending. */
  buckets: number[];
  /** `buckets.length × 4` weights, row-major, classes [weak✗strong✗, weak✗strong✓, weak✓strong✗, weak✓strong✓]. */
  weights: number[];
  bias: number[];
  /**
   * 101 quantiles (0 %, 1 %, … 100 %) of the strongGain of the training prompts, scored out of fold (as unseen
   * prompts score): ranks a score for target shares.
   */
  ranks: number[];
  summary: { examples: number; seed: number; baseRates: { weak: number; strong: number } };
}

const CLASSES = 4;
const classOf = (example: OutcomeExample) => Number(example.weakCorrect) * 2 + Number(example.strongCorrect);

/** Trains the router; the same lines and options give the same model byte for byte. */
export function trainStrongGain(
  examples: readonly OutcomeExample[],
  options: RouterTrainOptions = DEFAULT_ROUTER_OPTIONS,
  withRanks = true,
): StrongGainModel {
  if (examples.length === 0) throw new Error('no training lines');
  const featurizer = new Featurizer(options.featurizer);
  const index = new RowIndex(options.featurizer.hashBits);
  const rows = examples.map((example) => toRowExample(featurizer.extract(example.text), index, true, classOf(example)));
  const fitted = fitLinearModel(rows, CLASSES, index.size, options.linear);
  const order = index.buckets.map((_, row) => row).sort((a, b) => index.buckets[a]! - index.buckets[b]!);
  const round = (value: number) => Number(value.toPrecision(4));
  const weights: number[] = [];
  for (const row of order) for (let c = 0; c < CLASSES; c += 1) weights.push(round(fitted.weights[row * CLASSES + c]!));
  const share = (pick: (example: OutcomeExample) => boolean) => examples.filter(pick).length / examples.length;
  const model: StrongGainModel = {
    format: 'switchyard-strong-gain',
    version: 1,
    featurizer: { ...options.featurizer },
    buckets: order.map((row) => index.buckets[row]!),
    weights,
    bias: Array.from(fitted.bias, round),
    ranks: [],
    summary: {
      examples: examples.length,
      seed: options.linear.seed,
      baseRates: { weak: share((e) => e.weakCorrect), strong: share((e) => e.strongCorrect) },
    },
  };
  if (!withRanks) return model;
  const scores = unseenScores(examples, options, model).sort((a, b) => a - b);
  model.ranks = Array.from({ length: 101 }, (_, index) =>
    round(scores[Math.min(scores.length - 1, Math.round((index / 100) * (scores.length - 1)))]!),
  );
  return model;
}

/** Folds of the out-of-fold scores behind `ranks`. @default 3 */
const RANK_FOLDS = 3;

/**
 * Scores as the router gives them to prompts it never saw: out-of-fold (each third scored by a model trained on
 * the other two), since scores of its own training prompts run more extreme. Small sets (< 30 lines) use the model.
 */
function unseenScores(
  examples: readonly OutcomeExample[],
  options: RouterTrainOptions,
  model: StrongGainModel,
): number[] {
  if (examples.length < 30) {
    const scorer = new StrongGainScorer(model);
    return examples.map((example) => scorer.strongGain(example.text));
  }
  const scores: number[] = [];
  for (let fold = 0; fold < RANK_FOLDS; fold += 1) {
    const train = examples.filter((_, index) => index % RANK_FOLDS !== fold);
    const foldModel = trainStrongGain(train, options, false);
    const scorer = new StrongGainScorer(foldModel);
    examples.forEach((example, index) => {
      if (index % RANK_FOLDS === fold) scores.push(scorer.strongGain(example.text));
    });
  }
  return scores;
}

/** Scores prompts with a trained router; build once, score many (sub-millisecond per 2 KB prompt). */
export class StrongGainScorer {
  private readonly featurizer: Featurizer;
  private readonly index: RowIndex;
  private readonly weights: Float32Array;
  private readonly bias: Float32Array;
  private readonly logits = new Float64Array(CLASSES);
  private readonly ranks: readonly number[];

  constructor(model: StrongGainModel) {
    this.ranks = model.ranks;
    this.featurizer = new Featurizer(model.featurizer);
    this.index = new RowIndex(model.featurizer.hashBits);
    for (const bucket of model.buckets) this.index.rowOf(bucket, true);
    this.weights = Float32Array.from(model.weights);
    this.bias = Float32Array.from(model.bias);
  }

  /** P(strong right) − P(weak right) for a prompt, −1..1. */
  strongGain(text: string): number {
    const [, weakWrongStrongRight, weakRightStrongWrong] = this.probabilities(text);
    return weakWrongStrongRight! - weakRightStrongWrong!;
  }

  /** Share of the training prompts scoring below `score`, 0..1 (interpolated between percentiles). */
  rank(score: number): number {
    const ranks = this.ranks;
    if (ranks.length < 2 || score <= ranks[0]!) return 0;
    if (score >= ranks[ranks.length - 1]!) return 1;
    let low = 0;
    while (low < ranks.length - 2 && ranks[low + 1]! <= score) low += 1;
    const span = ranks[low + 1]! - ranks[low]!;
    const within = span > 0 ? (score - ranks[low]!) / span : 0;
    return (low + within) / (ranks.length - 1);
  }

  /** The four joint-outcome probabilities (class order of StrongGainModel.weights); the array is reused. */
  probabilities(text: string): Float64Array {
    const example = toRowExample(this.featurizer.extract(text), this.index, false, 0);
    const model = { classes: CLASSES, rows: this.index.size, weights: this.weights, bias: this.bias };
    exampleLogits(model, example, this.logits);
    softmaxInPlace(this.logits, CLASSES);
    return this.logits;
  }
}
