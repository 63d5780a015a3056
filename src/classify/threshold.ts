/**
 * Chooses the `unknown` threshold on held-out predictions of the calibration model. Rejecting a
 * prediction (label `unknown`) costs in-scope accuracy when the prediction was right and gains
 * out-of-scope recall when the text was out of scope. The rule ("accuracy drop"): the highest threshold
 * whose held-out in-scope accuracy is at most `maxDrop` below the accuracy with no threshold — only the
 * least confident predictions, mostly wrong ones, become `unknown`. `trainClassifier` uses a larger drop
 * when the training data has no out-of-scope examples (the threshold is then the only out-of-scope
 * defence) than when it has some (the `oos` class already absorbs much of it).
 *
 * Candidate thresholds are 0 and the midpoints between consecutive distinct held-out confidences.
 */
export interface ThresholdCase {
  /** Calibrated confidence of the best class. */
  confidence: number;
  /** The true label is an in-scope intent. */
  inScope: boolean;
  /** In scope and the best class is the true label. */
  correct: boolean;
  /** The best class is the out-of-scope label. */
  predictedOos: boolean;
}

export interface ThresholdChoice {
  threshold: number;
  /** In-scope accuracy with no threshold (null: nothing in scope held out). */
  accuracyBefore: number | null;
  /** In-scope accuracy at the threshold (unknown counts as wrong). */
  accuracyAt: number | null;
  /** Out-of-scope recall at the threshold (null: nothing out of scope held out). */
  oosRecall: number | null;
}

/** Applies the accuracy-drop rule; `maxDrop` is absolute accuracy (0.015 = 1.5 points). */
export function chooseUnknownThreshold(cases: readonly ThresholdCase[], maxDrop: number): ThresholdChoice {
  const sorted = [...cases].sort((a, b) => a.confidence - b.confidence);
  const n = sorted.length;
  const nIn = sorted.filter((c) => c.inScope).length;
  const nOos = n - nIn;
  const totalCorrect = sorted.filter((c) => c.correct).length;
  const oosByClass = sorted.filter((c) => !c.inScope && c.predictedOos).length;
  const recallOf = (caught: number): number | null => (nOos > 0 ? (oosByClass + caught) / nOos : null);
  if (nIn === 0) return { threshold: 0, accuracyBefore: null, accuracyAt: null, oosRecall: recallOf(0) };
  const accuracyBefore = totalCorrect / nIn;
  const floor = accuracyBefore - maxDrop - 1e-12;
  // Sweep: reject the k least confident cases (threshold between sorted[k-1] and sorted[k]).
  let lostCorrect = 0;
  let caughtOos = 0;
  let best = { k: 0, correct: totalCorrect, caught: 0 };
  for (let k = 1; k <= n; k++) {
    const c = sorted[k - 1]!;
    if (c.correct) lostCorrect++;
    if (!c.inScope && !c.predictedOos) caughtOos++;
    if ((totalCorrect - lostCorrect) / nIn < floor) break;
    const boundary = k === n || c.confidence < sorted[k]!.confidence;
    if (boundary) best = { k, correct: totalCorrect - lostCorrect, caught: caughtOos };
  }
  const k = best.k;
  const threshold =
    k === 0 ? 0 : k === n ? sorted[n - 1]!.confidence + 1e-9 : (sorted[k - 1]!.confidence + sorted[k]!.confidence) / 2;
  return { threshold, accuracyBefore, accuracyAt: best.correct / nIn, oosRecall: recallOf(best.caught) };
}
