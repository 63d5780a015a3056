import type { RouteResult } from '../policy/types.js';

/**
 * Picks the strongGain threshold that sends a target share of requests to the strong model first, from the scores
 * recorded on recent traffic (or scored offline). Pure: scores in, threshold out.
 *
 * Ties: every request with the same score lands on the same side of any threshold, so only the shares at the
 * boundaries between distinct scores are reachable. The threshold is the cut whose realised share
 * (`scores ≥ threshold`) is nearest the target; of two equally near, the smaller share (the cheaper side). With no
 * ties the realised share is `round(target × n) / n`, within one item of the target.
 */

export interface Calibration {
  /** Target share of requests to put the strong model first for, 0..1. */
  target: number;
  /** Strong first when `strongGain ≥ threshold` (the value for `routes[].strongGain.threshold`), −1..1. */
  threshold: number;
  /** Scores the threshold was picked on. */
  requests: number;
  /** Share of those scores at or above the threshold, 0..1. */
  realisedShareAtThreshold: number;
  /** Share of the scores within `unsureMargin` of the threshold (there the policy's bias decides), 0..1. */
  unsureShare: number;
}

export interface CalibrateOptions {
  /** The tier's `unsureMargin`, strongGain units. @default 0.02 */
  unsureMargin?: number;
  /** Decimals of the printed threshold (the realised share is measured at the rounded value). @default 6 */
  decimals?: number;
}

/** Scores are strongGain values, −1..1: a threshold above every score must stay within that range. */
const MAX_SCORE = 1;
/** How far above the top score the share-0 cut sits, strongGain units. */
const ABOVE_TOP = 0.005;

/** The threshold for a target strong-first share over `scores` (any order). Throws on no scores or a bad target. */
export function calibrateThreshold(
  scores: readonly number[],
  target: number,
  options: CalibrateOptions = {},
): Calibration {
  if (!(target >= 0 && target <= 1)) throw new Error(`target must be within 0..1, got ${target}`);
  const finite = scores.filter((score) => Number.isFinite(score));
  if (finite.length === 0) throw new Error('no strongGain scores to calibrate on');
  const n = finite.length;
  const sorted = [...finite].sort((a, b) => b - a);
  // Cuts: above every score (share 0), then after each run of equal scores (share = items at or above it).
  const cuts: { share: number; threshold: number }[] = [];
  const top = sorted[0]!;
  cuts.push({ share: 0, threshold: Math.min(MAX_SCORE, top + ABOVE_TOP) });
  for (let index = 0; index < n; index += 1) {
    const value = sorted[index]!;
    const next = sorted[index + 1];
    if (next === value) continue;
    // Midway to the next lower distinct score, so rounding the printed threshold keeps the share.
    cuts.push({ share: (index + 1) / n, threshold: next === undefined ? value : (value + next) / 2 });
  }
  let best = cuts[0]!;
  for (const cut of cuts) {
    if (Math.abs(cut.share - target) < Math.abs(best.share - target) - 1e-12) best = cut;
  }
  const decimals = options.decimals ?? 6;
  const threshold = roundCut(best.threshold, decimals, sorted.at(-1)!);
  const margin = options.unsureMargin ?? 0.02;
  return {
    target,
    threshold,
    requests: n,
    realisedShareAtThreshold: finite.filter((score) => score >= threshold).length / n,
    unsureShare: finite.filter((score) => Math.abs(score - threshold) < margin).length / n,
  };
}

/** Rounds to `decimals`; the lowest score rounds down, so the cut that takes every score still does. */
function roundCut(value: number, decimals: number, lowest: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return value === lowest ? Math.floor(value * factor) / factor : rounded;
}

/** The strongGain scores recorded on finished results (those of one route when named); results without one skipped. */
export function recordedScores(
  results: readonly Pick<RouteResult, 'route' | 'classification'>[],
  route?: string,
): { scores: number[]; withoutScore: number } {
  const scores: number[] = [];
  let withoutScore = 0;
  for (const result of results) {
    if (route !== undefined && result.route !== route) continue;
    const score = result.classification?.strongGain?.score;
    if (typeof score === 'number') scores.push(score);
    else withoutScore += 1;
  }
  return { scores, withoutScore };
}
