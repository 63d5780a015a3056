import { createPrng } from '../classify/prng.js';
import { qualityCurve, type ScoredOutcome } from './quality-curve.js';

/**
 * The curve of random routing, the baseline any router must beat: sending a random share `s` of items to the strong
 * model gives, in expectation, `quality = weakOnly + s × (strongOnly − weakOnly)` (PGR = s, APGR 0.5). The band shows
 * how far real random orders stray from that line on these items.
 */

export interface RandomBandPoint {
  /** Share of items sent to the strong model, 0..1. */
  strongShare: number;
  /** Expected quality of random routing at that share, 0..1. */
  quality: number;
  /** Lowest and highest quality over the seeded random orders, 0..1. */
  low: number;
  high: number;
}

export interface RandomBand {
  points: RandomBandPoint[];
  /** APGR of the seeded random orders: lowest, mean, highest (0.5 expected). */
  apgr: { low: number; mean: number; high: number };
  /** Random orders drawn. */
  orders: number;
}

export interface RandomBandOptions {
  /** Evenly spaced shares 0..1 to report (11: 0 %, 10 %, … 100 %). @default 11 */
  shares?: number;
  /** Seeded random orders drawn. @default 8 */
  orders?: number;
  /** Seed of the first order (order k uses seed + k). @default 1 */
  seed?: number;
}

/** The expected random curve and its band over seeded random orders of `items` (their scores are ignored). */
export function randomBand(
  items: readonly Omit<ScoredOutcome, 'score'>[],
  options: RandomBandOptions = {},
): RandomBand {
  const n = items.length;
  if (n === 0) throw new Error('no items');
  const shares = options.shares ?? 11;
  const orders = options.orders ?? 8;
  const seed = options.seed ?? 1;
  if (!(orders >= 1 && shares >= 2)) throw new Error('need at least one random order and two shares');
  const weak = items.filter((item) => item.weakCorrect).length / n;
  const strong = items.filter((item) => item.strongCorrect).length / n;
  const curves = Array.from({ length: orders }, (_, order) => {
    const prng = createPrng(seed + order);
    return qualityCurve(items.map((item) => ({ ...item, score: prng.next() })));
  });
  const points = Array.from({ length: shares }, (_, index) => {
    const share = index / (shares - 1);
    const k = Math.round(share * n);
    const qualities = curves.map((curve) => curve.points[k]!.quality);
    return {
      strongShare: share,
      quality: weak + share * (strong - weak),
      low: Math.min(...qualities),
      high: Math.max(...qualities),
    };
  });
  const apgrs = curves.map((curve) => curve.apgr);
  return {
    points,
    apgr: {
      low: Math.min(...apgrs),
      mean: apgrs.reduce((sum, value) => sum + value, 0) / orders,
      high: Math.max(...apgrs),
    },
    orders,
  };
}
