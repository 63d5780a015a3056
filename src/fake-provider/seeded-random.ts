import { mulberry32 } from '../random/mulberry32.js';

/** A small seeded pseudo-random source, so simulated runs repeat exactly for the same seed. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (mean 0, standard deviation 1). */
  normal(): number;
  /** Log-normal sample with the given median and 95th percentile (same unit as the inputs). */
  logNormal(median: number, p95: number): number;
}

/** z-score of the 95th percentile of the standard normal distribution. */
const Z_95 = 1.6448536269514722;

/** Mulberry32: 32-bit state, fast, good enough for simulations (not for anything secret). */
export function createSeededRandom(seed: number): SeededRandom {
  const next = mulberry32(seed);
  const normal = (): number => {
    // Box–Muller; 1 - next() keeps the logarithm's argument in (0, 1].
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const logNormal = (median: number, p95: number): number => {
    if (median <= 0) return 0;
    const sigma = p95 > median ? Math.log(p95 / median) / Z_95 : 0;
    return Math.exp(Math.log(median) + sigma * normal());
  };
  return { next, normal, logNormal };
}
