import { roundUsd } from '../policy/cost.js';
import type { ShadowDecision } from '../policy/shadow-decision.js';
import type { RouteResult } from '../policy/types.js';

/** Route key of a decision that chose none (the policy rejects the request). */
export const NO_ROUTE = '(rejected)';

/** Shadow against active for one segment of requests (an active route, an intent or a risk level). */
export interface ShadowSegmentRow {
  /** The active route, intent or risk this row covers. */
  key: string;
  /** Requests in the segment with a shadow decision. */
  requests: number;
  /** Of those, how many the shadow sent to the same route. */
  sameRoute: number;
  /** Sum of the active decisions' first-attempt estimates, USD (none: 0). */
  activeEstimatedCostUsd: number;
  /** Sum of the shadow decisions' first-attempt estimates, USD (none: 0). */
  shadowEstimatedCostUsd: number;
  /** shadow − active, USD: positive means the shadow would spend more. */
  estimatedCostDeltaUsd: number;
  /** The same delta per request, USD. */
  estimatedCostDeltaPerRequestUsd: number;
  /** Share of requests the active decision sends to a person first, 0..1. */
  activeReviewRate: number;
  /** Share the shadow would send to a person first, 0..1. */
  shadowReviewRate: number;
  /** shadow − active review rate. */
  reviewRateDelta: number;
}

/** The `shadow` section of `switchyard report`: how a shadow policy would have decided the same requests. */
export interface ShadowReport {
  /** Finished requests that carry a shadow decision. */
  requests: number;
  /** Shadow policy versions seen (more than one when the shadow changed inside the window). */
  policyVersions: string[];
  /** Active route → shadow route → requests (`(rejected)`: that side chose no route). */
  agreement: Record<string, Record<string, number>>;
  /** Share of requests the shadow sent to the active route, 0..1; null without shadow decisions. */
  agreementRate: number | null;
  /** Share of requests with the same primary model after data-class narrowing, 0..1; null without any. */
  modelAgreementRate: number | null;
  /** Estimated cost and review-rate deltas per active route, then `all`. */
  byRoute: ShadowSegmentRow[];
  /** The same per classified intent. */
  byIntent: ShadowSegmentRow[];
  /** The same per risk level. */
  byRisk: ShadowSegmentRow[];
}

/** Builds the shadow section from finished results; results without a shadow decision are left out. Pure. */
export function computeShadowReport(results: readonly RouteResult[]): ShadowReport {
  const shadowed = results.filter((result): result is RouteResult & { shadow: ShadowDecision } => !!result.shadow);
  const agreement: ShadowReport['agreement'] = {};
  let sameRoute = 0;
  let sameModel = 0;
  for (const { shadow } of shadowed) {
    const active = shadow.active.route ?? NO_ROUTE;
    const candidate = shadow.route ?? NO_ROUTE;
    agreement[active] ??= {};
    agreement[active][candidate] = (agreement[active][candidate] ?? 0) + 1;
    if (active === candidate) sameRoute += 1;
    if (shadow.active.model === shadow.model) sameModel += 1;
  }
  const count = shadowed.length;
  return {
    requests: count,
    policyVersions: [...new Set(shadowed.map((result) => result.shadow.policyVersion))].sort(),
    agreement,
    agreementRate: count === 0 ? null : round(sameRoute / count),
    modelAgreementRate: count === 0 ? null : round(sameModel / count),
    byRoute: segmentRows(shadowed, (result) => result.shadow.active.route ?? NO_ROUTE, true),
    byIntent: segmentRows(shadowed, (result) => result.classification?.intent ?? 'unknown', false),
    byRisk: segmentRows(shadowed, (result) => result.classification?.risk ?? 'unknown', false),
  };
}

function segmentRows(
  results: readonly (RouteResult & { shadow: ShadowDecision })[],
  keyOf: (result: RouteResult & { shadow: ShadowDecision }) => string,
  withAll: boolean,
): ShadowSegmentRow[] {
  const groups = new Map<string, ShadowDecision[]>();
  for (const result of results) {
    const key = keyOf(result);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(result.shadow);
  }
  const rows = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, group]) => row(key, group));
  if (withAll && results.length > 0)
    rows.push(
      row(
        'all',
        results.map((result) => result.shadow),
      ),
    );
  return rows;
}

function row(key: string, decisions: readonly ShadowDecision[]): ShadowSegmentRow {
  const requests = decisions.length;
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const activeCost = sum(decisions.map((decision) => decision.active.estimatedCostUsd ?? 0));
  const shadowCost = sum(decisions.map((decision) => decision.estimatedCostUsd ?? 0));
  const activeReviews = decisions.filter((decision) => decision.active.review).length;
  const shadowReviews = decisions.filter((decision) => decision.review).length;
  return {
    key,
    requests,
    sameRoute: decisions.filter((decision) => (decision.route ?? NO_ROUTE) === (decision.active.route ?? NO_ROUTE))
      .length,
    activeEstimatedCostUsd: roundUsd(activeCost),
    shadowEstimatedCostUsd: roundUsd(shadowCost),
    estimatedCostDeltaUsd: roundUsd(shadowCost - activeCost),
    estimatedCostDeltaPerRequestUsd: roundUsd((shadowCost - activeCost) / requests),
    activeReviewRate: round(activeReviews / requests),
    shadowReviewRate: round(shadowReviews / requests),
    reviewRateDelta: round((shadowReviews - activeReviews) / requests),
  };
}

/** Rates to 4 decimals. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** The shadow section as text for the report table; empty when no request carries a shadow decision. */
export function renderShadowReport(report: ShadowReport): string {
  if (report.requests === 0) return '';
  const lines = [
    `shadow policy ${report.policyVersions.join(', ')}: ${report.requests} requests, ` +
      `same route ${percent(report.agreementRate)}, same primary model ${percent(report.modelAgreementRate)}`,
    'agreement (active route → shadow route: requests)',
  ];
  for (const [active, shadows] of Object.entries(report.agreement).sort(([a], [b]) => a.localeCompare(b))) {
    const cells = Object.entries(shadows)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([shadow, n]) => `${shadow} ${n}`);
    lines.push(`  ${active.padEnd(20)} → ${cells.join(', ')}`);
  }
  const header = `${'segment'.padEnd(28)} ${'requests'.padStart(8)}  ${'same'.padStart(6)}  ${'cost Δ/request'.padStart(14)}  ${'review Δ'.padStart(8)}`;
  lines.push('', header);
  for (const [label, rows] of [
    ['route', report.byRoute],
    ['intent', report.byIntent],
    ['risk', report.byRisk],
  ] as const) {
    for (const segment of rows) {
      const name = `${label} ${segment.key}`.slice(0, 28).padEnd(28);
      const delta = `${segment.estimatedCostDeltaPerRequestUsd >= 0 ? '+' : '-'}$${Math.abs(segment.estimatedCostDeltaPerRequestUsd).toFixed(6)}`;
      const review = `${segment.reviewRateDelta >= 0 ? '+' : ''}${(segment.reviewRateDelta * 100).toFixed(1)}pp`;
      lines.push(
        `${name} ${String(segment.requests).padStart(8)}  ${String(segment.sameRoute).padStart(6)}  ${delta.padStart(14)}  ${review.padStart(8)}`,
      );
    }
  }
  return lines.join('\n');
}

function percent(rate: number | null): string {
  return rate === null ? '-' : `${(rate * 100).toFixed(1)}%`;
}
