import { createPrng, shuffleInPlace } from './prng.js';

/**
 * Stratified, seeded split of example indices: about `fraction` of each label goes to the held-out part,
 * but every label keeps at least one training example (labels with one example are never held out).
 */
export function stratifiedSplit(
  labels: readonly string[],
  fraction: number,
  seed: number,
): { train: number[]; heldOut: number[] } {
  const byLabel = indicesByLabel(labels);
  const prng = createPrng(seed);
  const train: number[] = [];
  const heldOut: number[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const idx = byLabel.get(label)!;
    shuffleInPlace(idx, prng);
    const take = Math.min(idx.length - 1, Math.round(idx.length * fraction));
    idx.forEach((ix, n) => {
      (n < take ? heldOut : train).push(ix);
    });
  }
  train.sort((a, b) => a - b);
  heldOut.sort((a, b) => a - b);
  return { train, heldOut };
}

/**
 * Stratified, seeded k-fold assignment: each label's examples are shuffled and dealt round-robin to the
 * folds (the deal starts where the previous label's ended, so folds stay balanced in size). Returns the
 * held-out indices of each fold, ascending.
 */
export function stratifiedFolds(labels: readonly string[], folds: number, seed: number): number[][] {
  const byLabel = indicesByLabel(labels);
  const prng = createPrng(seed);
  const out: number[][] = Array.from({ length: folds }, () => []);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const idx = byLabel.get(label)!;
    shuffleInPlace(idx, prng);
    for (const ix of idx) {
      out[next]!.push(ix);
      next = (next + 1) % folds;
    }
  }
  for (const fold of out) fold.sort((a, b) => a - b);
  return out;
}

/** Example indices grouped by label, labels in order of first appearance, indices ascending. */
function indicesByLabel(labels: readonly string[]): Map<string, number[]> {
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const list = byLabel.get(label);
    if (list) list.push(i);
    else byLabel.set(label, [i]);
  });
  return byLabel;
}
