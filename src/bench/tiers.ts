import type { Policy } from '../policy/schema.js';
import type { RouteResult } from '../policy/types.js';
import { isSuccess } from '../report/scorecard.js';
import type { TrafficItem } from '../traffic/read-traffic.js';

/** Policy model key → quality tier named in the traffic's correctness labels (e.g. `strong`, `weak`). */
export type TierMap = Record<string, string>;

/** Models by blended price (mean of input and output USD per 1M tokens), cheapest first. */
export function modelsByPrice(policy: Policy): string[] {
  const blended = (key: string) => {
    const { price } = policy.models[key]!;
    return (price.inputPer1M + price.outputPer1M) / 2;
  };
  return Object.keys(policy.models).sort((a, b) => blended(a) - blended(b) || a.localeCompare(b));
}

/** The default tier map: the most expensive model(s) are `strong`, every other model is `weak`. */
export function tiersByPrice(policy: Policy): TierMap {
  const ordered = modelsByPrice(policy);
  const top = ordered.at(-1)!;
  const topPrice = policy.models[top]!.price;
  return Object.fromEntries(
    ordered.map((key) => {
      const price = policy.models[key]!.price;
      const same = price.inputPer1M === topPrice.inputPer1M && price.outputPer1M === topPrice.outputPer1M;
      return [key, same ? 'strong' : 'weak'];
    }),
  );
}

/** Parses `--tiers model=tier,model=tier`; unmapped models keep their price tier. Errors name the flag. */
export function parseTiers(value: string, policy: Policy): TierMap {
  const tiers = tiersByPrice(policy);
  for (const pair of value.split(',').filter((part) => part.trim() !== '')) {
    const [model, tier] = pair.split('=').map((part) => part.trim());
    if (!model || !tier) throw new Error(`--tiers: expected model=tier pairs, got "${pair}"`);
    if (!policy.models[model]) throw new Error(`--tiers: unknown model "${model}" in policy ${policy.version}`);
    tiers[model] = tier;
  }
  return tiers;
}

/** Per-tier correctness labels of a traffic item (`expect.correct`), or null when it has none. Throws on bad labels. */
export function correctnessLabels(item: TrafficItem): Record<string, boolean> | null {
  const correct = (item.expect as Record<string, unknown>).correct;
  if (correct === undefined) return null;
  const valid =
    correct !== null &&
    typeof correct === 'object' &&
    Object.values(correct as Record<string, unknown>).every((value) => typeof value === 'boolean');
  if (!valid) throw new Error(`traffic line ${item.line}: expect.correct must map tier names to booleans`);
  return correct as Record<string, boolean>;
}

/**
 * What counts as a successful task. With correctness labels: answered (by a model, or a reviewer approving
 * a model's draft) by a model whose tier got this item right. Without labels: any real answer.
 */
export function judgeSuccess(result: RouteResult, labels: Record<string, boolean> | null, tiers: TierMap): boolean {
  if (!isSuccess(result)) return false;
  if (labels === null) return true;
  if (result.model === null) return false;
  const tier = tiers[result.model];
  return tier !== undefined && labels[tier] === true;
}
