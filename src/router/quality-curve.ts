/**
 * The quality / strong-share curve of a router on labelled items, as RouteLLM reports it: items are sent to the
 * strong model in order of decreasing score; at each share the quality is the fraction answered right.
 */

/** One labelled item with its router score (higher = more need for the strong model). */
export interface ScoredOutcome {
  score: number;
  weakCorrect: boolean;
  strongCorrect: boolean;
}

export interface CurvePoint {
  /** Share of items sent to the strong model, 0..1. */
  strongShare: number;
  /** Fraction of items answered right at that share. */
  quality: number;
  /** Performance gap recovered: (quality − weak-only) / (strong-only − weak-only). */
  pgr: number;
}

export interface QualityCurve {
  points: CurvePoint[];
  weakOnly: number;
  strongOnly: number;
  /** Oracle: strong only where the weak model is wrong and the strong right. */
  oracle: number;
  /** Average PGR over strong shares 0..1 (area under the PGR curve). */
  apgr: number;
  /** Smallest strong share reaching PGR 0.5 / 0.8 (call-performance thresholds); 1 when never. */
  cpt50: number;
  cpt80: number;
  /** Cost saved at 95 % of strong-only quality vs strong-only, given the price ratio weak/strong. */
  strongShareAt95: number;
}

/** The curve at every share k / n. Ties in score keep the input order (deterministic). */
export function qualityCurve(items: readonly ScoredOutcome[]): QualityCurve {
  const n = items.length;
  if (n === 0) throw new Error('no items to score');
  const order = items.map((_, index) => index).sort((a, b) => items[b]!.score - items[a]!.score || a - b);
  const weakRight = items.filter((item) => item.weakCorrect).length;
  const strongRight = items.filter((item) => item.strongCorrect).length;
  const oracleRight = items.filter((item) => item.weakCorrect || item.strongCorrect).length;
  const gap = strongRight - weakRight;
  const pgrOf = (right: number) => (gap === 0 ? 1 : (right - weakRight) / gap);
  const points: CurvePoint[] = [{ strongShare: 0, quality: weakRight / n, pgr: 0 }];
  let right = weakRight;
  for (let k = 0; k < n; k += 1) {
    const item = items[order[k]!]!;
    right += Number(item.strongCorrect) - Number(item.weakCorrect);
    points.push({ strongShare: (k + 1) / n, quality: right / n, pgr: pgrOf(right) });
  }
  let area = 0;
  for (let k = 1; k < points.length; k += 1) area += ((points[k - 1]!.pgr + points[k]!.pgr) / 2) * (1 / n);
  const firstShare = (target: number) => points.find((point) => point.pgr >= target)?.strongShare ?? 1;
  const at95 = points.find((point) => point.quality >= 0.95 * (strongRight / n))?.strongShare ?? 1;
  return {
    points,
    weakOnly: weakRight / n,
    strongOnly: strongRight / n,
    oracle: oracleRight / n,
    apgr: area,
    cpt50: firstShare(0.5),
    cpt80: firstShare(0.8),
    strongShareAt95: at95,
  };
}
