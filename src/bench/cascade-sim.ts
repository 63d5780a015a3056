import { createPrng } from '../classify/prng.js';

/**
 * Offline measure of the cheap-first cascade with a verifier (docs/router.md#cascade), on correctness labels alone:
 * every item is answered by the weak model first; a verifier of accuracy `a` flags a wrong weak answer with
 * probability `a` and a right one with probability `1 − a`; flagged items go to the strong model. Deterministic:
 * one seeded draw per item, the same draws for every accuracy (common random numbers), so rows compare fairly.
 */

/** One labelled item: did each model answer it right? */
export interface CascadeItem {
  weakCorrect: boolean;
  strongCorrect: boolean;
}

export interface CascadeSimOptions {
  /** Verifier accuracies to simulate, each 0..1. */
  accuracies: number[];
  /** Price of a strong call over a weak call. @default 10 */
  strongCostRatio?: number;
  /** Price of one verification over a weak call (a judge model's share; 0 for free checks). @default 0 */
  verifierCostRatio?: number;
  /** PRNG seed. @default 1 */
  seed?: number;
}

/** One strategy's outcome over the items. */
export interface CascadeRow {
  /** `weak-only`, `strong-only` or `cascade a=0.8`. */
  name: string;
  /** The simulated verifier's accuracy; null for the single-model baselines. */
  verifierAccuracy: number | null;
  /** Share of items answered right, 0..1. */
  quality: number;
  /** Share of items that called the strong model, 0..1. */
  strongShare: number;
  /** Performance gap recovered: (quality − weak-only) / (strong-only − weak-only); 0 when the gap is 0. */
  pgr: number;
  /** Mean cost of an item, in weak-call units. */
  costPerItem: number;
  /** Total cost over right answers, in weak-call units (Infinity when none is right). */
  costPerCorrect: number;
}

export interface CascadeSimResult {
  items: number;
  strongCostRatio: number;
  verifierCostRatio: number;
  seed: number;
  rows: CascadeRow[];
}

/** Simulates weak-only, strong-only and the cascade at each verifier accuracy. */
export function simulateCascade(items: readonly CascadeItem[], options: CascadeSimOptions): CascadeSimResult {
  if (items.length === 0) throw new Error('no items to simulate');
  const strongCostRatio = options.strongCostRatio ?? 10;
  const verifierCostRatio = options.verifierCostRatio ?? 0;
  const seed = options.seed ?? 1;
  const random = createPrng(seed);
  const draws = items.map(() => random.next());
  const n = items.length;
  const weakQuality = items.filter((item) => item.weakCorrect).length / n;
  const strongQuality = items.filter((item) => item.strongCorrect).length / n;
  const gap = strongQuality - weakQuality;
  const row = (name: string, accuracy: number | null, right: number, strongCalls: number, cost: number) => {
    const quality = right / n;
    return {
      name,
      verifierAccuracy: accuracy,
      quality,
      strongShare: strongCalls / n,
      pgr: gap === 0 ? 0 : (quality - weakQuality) / gap,
      costPerItem: cost / n,
      costPerCorrect: right === 0 ? Number.POSITIVE_INFINITY : cost / right,
    };
  };
  const rows: CascadeRow[] = [
    row('weak-only', null, weakQuality * n, 0, n),
    row('strong-only', null, strongQuality * n, n, n * strongCostRatio),
  ];
  for (const accuracy of options.accuracies) {
    if (!(accuracy >= 0 && accuracy <= 1)) throw new Error(`verifier accuracy must be within 0..1, got ${accuracy}`);
    let right = 0;
    let strongCalls = 0;
    items.forEach((item, index) => {
      const flagProbability = item.weakCorrect ? 1 - accuracy : accuracy;
      const flagged = draws[index]! < flagProbability;
      if (flagged) strongCalls += 1;
      if (flagged ? item.strongCorrect : item.weakCorrect) right += 1;
    });
    const cost = n * (1 + verifierCostRatio) + strongCalls * strongCostRatio;
    rows.push(row(`cascade a=${accuracy}`, accuracy, right, strongCalls, cost));
  }
  return { items: n, strongCostRatio, verifierCostRatio, seed, rows };
}

/** The result as a fixed-width table, one strategy a line. */
export function renderCascadeSim(result: CascadeSimResult): string {
  const head =
    `items ${result.items}; strong call = ${result.strongCostRatio}× a weak call, verification = ` +
    `${result.verifierCostRatio}×; seed ${result.seed}`;
  const columns = 'strategy          quality  strong share    PGR  cost/item  cost/correct';
  const lines = result.rows.map(
    (row) =>
      `${row.name.padEnd(16)} ${pct(row.quality).padStart(8)} ${pct(row.strongShare).padStart(13)} ` +
      `${row.pgr.toFixed(3).padStart(6)} ${row.costPerItem.toFixed(2).padStart(10)} ${row.costPerCorrect.toFixed(2).padStart(13)}`,
  );
  return [head, columns, ...lines].join('\n');
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** `0.7,0.8,0.9` → [0.7, 0.8, 0.9]; throws on anything outside 0..1. */
export function parseAccuracies(value: string): number[] {
  const accuracies = value.split(',').map((part) => Number(part.trim()));
  for (const accuracy of accuracies) {
    if (!(accuracy >= 0 && accuracy <= 1))
      throw new Error(`--verifier-accuracy takes numbers within 0..1, got "${value}"`);
  }
  return accuracies;
}
