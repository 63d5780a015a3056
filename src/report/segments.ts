import type { RouteResult } from '../policy/types.js';
import { computeScorecard, type ScorecardRow } from './scorecard.js';

/** Dimensions the report breaks its scorecard down by. */
export const SEGMENT_DIMENSIONS = ['intent', 'risk', 'locale', 'caller', 'policyVersion'] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

/** Per dimension, per value: the scorecard of that value's requests (`share` is of all requests). */
export type Segments = Record<SegmentDimension, Record<string, ScorecardRow>>;

/** Value of a request that never got the fact (rejected before classification or a policy). */
const NONE = '(none)';

/** The verified caller from the trail's validate line (`…, caller alice`), or `(anonymous)`. */
export function callerOf(result: RouteResult): string {
  const validate = result.trail.find((entry) => entry.step === 'validate' && entry.outcome === 'ok');
  return validate?.reason.match(/\), caller (.+)$/)?.[1] ?? '(anonymous)';
}

/** The value of one dimension for a request; `locale` is `(unknown)` on results recorded before locale detection. */
export function segmentValue(result: RouteResult, dimension: SegmentDimension): string {
  const classification = result.classification;
  switch (dimension) {
    case 'intent':
      return classification?.intent ?? NONE;
    case 'risk':
      return classification?.risk ?? NONE;
    case 'locale':
      return classification === null ? NONE : (classification.locale ?? '(unknown)');
    case 'caller':
      return callerOf(result);
    case 'policyVersion':
      return result.policyVersion ?? NONE;
  }
}

/** Every scorecard figure broken down by intent, risk, locale, caller and policy version. Pure. */
export function computeSegments(results: readonly RouteResult[]): Segments {
  const segments = Object.fromEntries(SEGMENT_DIMENSIONS.map((dimension) => [dimension, {}])) as Segments;
  for (const dimension of SEGMENT_DIMENSIONS) {
    const groups = new Map<string, RouteResult[]>();
    for (const result of results) {
      const value = segmentValue(result, dimension);
      const group = groups.get(value);
      if (group) group.push(result);
      else groups.set(value, [result]);
    }
    const values = [...groups.keys()].sort(
      (a, b) => groups.get(b)!.length - groups.get(a)!.length || a.localeCompare(b),
    );
    for (const value of values) {
      const group = groups.get(value)!;
      const row = computeScorecard(group, { groupBy: () => value })[0]!;
      segments[dimension][value] = { ...row, share: group.length / results.length };
    }
  }
  return segments;
}
