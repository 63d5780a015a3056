import { UNKNOWN_LABEL } from '../classify/types.js';

/** Scores of predicted labels against gold labels, with `oos`/`unknown` both meaning out of scope. */
export interface IntentScores {
  /** Test items. */
  items: number;
  /** In-scope test items. */
  inScope: number;
  /** Out-of-scope test items. */
  outOfScope: number;
  /** Share of in-scope items given their exact label (`unknown`/`oos` count as wrong). */
  inScopeAccuracy: number | null;
  /** Share of out-of-scope items labelled `oos` or `unknown` (null: none in the test set). */
  oosRecall: number | null;
  /** Unweighted mean F1 over the gold labels, out of scope counting as one label. */
  macroF1: number | null;
}

/** Scores predictions; `oosLabel` marks out-of-scope gold items (predictions `unknown` are out of scope too). */
export function scoreIntents(gold: readonly string[], predicted: readonly string[], oosLabel = 'oos'): IntentScores {
  const OOS = '\u0000oos';
  const norm = (label: string): string => (label === oosLabel || label === UNKNOWN_LABEL ? OOS : label);
  const tp = new Map<string, number>();
  const goldCount = new Map<string, number>();
  const predCount = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  let inScope = 0;
  let inScopeRight = 0;
  let outOfScope = 0;
  let oosCaught = 0;
  gold.forEach((g0, i) => {
    const g = norm(g0);
    const p = norm(predicted[i]!);
    bump(goldCount, g);
    bump(predCount, p);
    if (g === p) bump(tp, g);
    if (g === OOS) {
      outOfScope++;
      if (p === OOS) oosCaught++;
    } else {
      inScope++;
      if (g === p) inScopeRight++;
    }
  });
  let f1Sum = 0;
  for (const [label, count] of goldCount) {
    const hits = tp.get(label) ?? 0;
    const precision = hits / Math.max(1, predCount.get(label) ?? 0);
    const recall = hits / count;
    f1Sum += precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  }
  return {
    items: gold.length,
    inScope,
    outOfScope,
    inScopeAccuracy: inScope > 0 ? inScopeRight / inScope : null,
    oosRecall: outOfScope > 0 ? oosCaught / outOfScope : null,
    macroF1: goldCount.size > 0 ? f1Sum / goldCount.size : null,
  };
}
