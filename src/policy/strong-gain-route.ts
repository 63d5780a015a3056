/** Strong-first decisions of a route's strong-gain tier, as a pure function (no schema import: workflow code uses it). */

/** The router's verdict recorded with the classification. */
export interface StrongGainScore {
  /** P(strong right) − P(weak right), −1..1. */
  score: number;
  /** Share of the router's training prompts scoring below this one, 0..1. */
  rank: number;
}

export interface StrongGainTierRule {
  model: string;
  threshold?: number | undefined;
  targetStrongShare?: number | undefined;
  unsureMargin: number;
}

export interface StrongFirst {
  /** Put the strong model first. */
  strong: boolean;
  /** Why, for the route reason in the trail. */
  reason: string;
}

/**
 * Whether the strong model goes first. Without a score (no router configured on the worker) the request is unsure
 * and the bias decides, as it does for scores within `unsureMargin` of the cut.
 */
export function strongFirst(
  tier: StrongGainTierRule,
  score: StrongGainScore | undefined,
  bias: 'quality' | 'cost',
): StrongFirst {
  const byBias = bias === 'quality';
  const side = (strong: boolean) => (strong ? `${tier.model} first` : 'cheap first');
  if (score === undefined) return { strong: byBias, reason: `no strongGain score; bias ${bias}: ${side(byBias)}` };
  const { value, cut, unsure } = tierCut(tier, score);
  const shown =
    tier.threshold !== undefined
      ? `strongGain ${score.score.toFixed(3)} vs threshold ${cut}`
      : `strongGain rank ${score.rank.toFixed(3)} vs ${cut.toFixed(3)} (target ${tier.targetStrongShare} strong)`;
  if (unsure) return { strong: byBias, reason: `${shown}, unsure; bias ${bias}: ${side(byBias)}` };
  const strong = value >= cut;
  return { strong, reason: `${shown}: ${side(strong)}` };
}

/**
 * Where a score falls against the tier's cut: the compared value (score for `threshold`, rank for
 * `targetStrongShare`), the cut, and whether it is within `unsureMargin` of it.
 */
export function tierCut(
  tier: StrongGainTierRule,
  score: StrongGainScore,
): { value: number; cut: number; unsure: boolean } {
  const useThreshold = tier.threshold !== undefined;
  const value = useThreshold ? score.score : score.rank;
  const cut = useThreshold ? tier.threshold! : 1 - tier.targetStrongShare!;
  return { value, cut, unsure: Math.abs(value - cut) < tier.unsureMargin };
}

/** The route's model order with the strong model moved first (once), or unchanged. */
export function orderForTier(order: readonly string[], strongModel: string, strong: boolean): string[] {
  if (!strong) return [...order];
  return [strongModel, ...order.filter((key) => key !== strongModel)];
}
