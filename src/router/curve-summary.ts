import { type CurvePoint, type QualityCurve, qualityCurve, type ScoredOutcome } from './quality-curve.js';
import { type RandomBand, randomBand } from './random-band.js';

/**
 * Everything `bench replay --curve` prints about a router on labelled items: its quality / strong-share curve,
 * APGR and CPT, what it saves at 95 % of strong-only quality, the random band and the oracle. Pure.
 */

export interface CurveRow {
  /** Share of items sent to the strong model, 0..1. */
  strongShare: number;
  /** The router's quality at that share, 0..1. */
  quality: number;
  /** The router's performance gap recovered, (quality − weak-only) / (strong-only − weak-only). */
  pgr: number;
  /** Random routing: expected quality, and the lowest and highest of the seeded random orders. */
  random: { quality: number; low: number; high: number };
  /** The oracle's quality (strong only where it is right and the weak model wrong, as far as the share allows). */
  oracle: number;
}

export interface CurveSummary extends Omit<QualityCurve, 'points'> {
  items: number;
  /** Strong price / weak price per call. */
  strongCostRatio: number;
  /** 1 − cost at `strongShareAt95` / cost of strong-only: `(1 − share) × (1 − 1 / strongCostRatio)`. */
  costReductionAt95: number;
  /** Rows at 0 %, 10 %, … 100 % strong share. */
  rows: CurveRow[];
  /** The router's curve at 101 evenly spaced shares (for charts). */
  points: CurvePoint[];
  /** The oracle's curve at the same 101 shares. */
  oraclePoints: CurvePoint[];
  random: RandomBand;
}

export interface CurveSummaryOptions {
  /** Strong price / weak price per call. @default 10 */
  strongCostRatio?: number;
  /** Seeded random orders for the band. @default 8 */
  randomOrders?: number;
  /** Seed of the random orders. @default 1 */
  seed?: number;
}

/** The summary of a router's scores on labelled items. */
export function summarizeCurve(items: readonly ScoredOutcome[], options: CurveSummaryOptions = {}): CurveSummary {
  const ratio = options.strongCostRatio ?? 10;
  if (!(ratio >= 1)) throw new Error(`strong cost ratio must be at least 1, got ${ratio}`);
  const { points, ...curve } = qualityCurve(items);
  // The oracle ranks weak ✗ strong ✓ first and weak ✓ strong ✗ last: the best any router could order them.
  const oracle = qualityCurve(
    items.map((item) => ({ ...item, score: Number(item.strongCorrect) - Number(item.weakCorrect) })),
  ).points;
  const random = randomBand(items, {
    shares: 11,
    ...(options.randomOrders === undefined ? {} : { orders: options.randomOrders }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const rows = sampleShares(points, 11).map((point, index) => {
    const band = random.points[index]!;
    return {
      strongShare: point.strongShare,
      quality: point.quality,
      pgr: point.pgr,
      random: { quality: band.quality, low: band.low, high: band.high },
      oracle: atShare(oracle, point.strongShare).quality,
    };
  });
  return {
    items: items.length,
    ...curve,
    strongCostRatio: ratio,
    costReductionAt95: (1 - curve.strongShareAt95) * (1 - 1 / ratio),
    rows,
    points: sampleShares(points, 101),
    oraclePoints: sampleShares(oracle, 101),
    random,
  };
}

/** `count` points at evenly spaced strong shares (0 %, 10 %, … 100 % for 11) of a curve with points at k / n. */
export function sampleShares<T extends { strongShare: number }>(points: readonly T[], count: number): T[] {
  const last = points.length - 1;
  return Array.from({ length: count }, (_, index) => points[Math.round((index / (count - 1)) * last)]!);
}

function atShare(points: readonly CurvePoint[], share: number): CurvePoint {
  return points[Math.round(share * (points.length - 1))]!;
}
