import { mulberry32 } from '../random/mulberry32.js';
import { percentile } from '../report/scorecard.js';

/** A 95 % interval around a ratio of medians; `low`/`high` rounded to 0.01. */
export interface RatioInterval {
  low: number;
  high: number;
}

/** Bootstrap resamples drawn. @default 2000 */
const RESAMPLES = 2000;

/**
 * How far the ratio of two medians (e.g. routed p50 / floor p50) could move by chance: a percentile bootstrap over
 * the rounds, the 2.5th and 97.5th percentiles of the resampled ratios. Sets of equal length are taken as paired
 * (sample i of each was measured in the same interleaved round, so a slow moment of the machine hits both) and
 * resampled by round; otherwise each set is resampled on its own. Seeded: the same samples give the same interval.
 * A goal like "≤ 1.00×" is met beyond the run's noise only when `high` is within it. Empty sets give [0, 0].
 */
export function medianRatioInterval(
  numerator: readonly number[],
  denominator: readonly number[],
  seed = 19,
): RatioInterval {
  if (numerator.length === 0 || denominator.length === 0) return { low: 0, high: 0 };
  const random = mulberry32(seed);
  const draw = (length: number) => Array.from({ length }, () => Math.floor(random() * length));
  const median = (values: number[]) =>
    percentile(
      values.sort((a, b) => a - b),
      0.5,
    );
  const paired = numerator.length === denominator.length;
  const ratios: number[] = [];
  for (let index = 0; index < RESAMPLES; index++) {
    const rounds = draw(numerator.length);
    const above = median(rounds.map((round) => numerator[round]!));
    const below = median((paired ? rounds : draw(denominator.length)).map((round) => denominator[round]!));
    if (below > 0) ratios.push(above / below);
  }
  ratios.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return { low: round(percentile(ratios, 0.025)), high: round(percentile(ratios, 0.975)) };
}
