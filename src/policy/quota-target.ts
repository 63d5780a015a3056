/** Quota targets as plain functions (no schema import: workflow code uses them, and the bundle stays small). */

/** The calls a quota limits: one model, or any model of one provider. */
export type QuotaTarget = { model: string } | { provider: string };

/** True when a call to this model (of this provider) is one the quota limits. */
export function targetMatches(target: QuotaTarget, call: { model: string; provider: string }): boolean {
  return 'model' in target ? target.model === call.model : target.provider === call.provider;
}

/** Short label, e.g. `model=premium`. */
export function targetLabel(target: QuotaTarget): string {
  return 'model' in target ? `model=${target.model}` : `provider=${target.provider}`;
}
