import { tableHtml } from './html-visibility.js';
import type { ShadowReport, ShadowSegmentRow } from './shadow-report.js';
import { escapeXml } from './svg-kit.js';

const SEGMENT_HEAD = [
  'segment',
  'requests',
  'same route',
  'active est. $',
  'shadow est. $',
  'Δ $ / request',
  'active review',
  'shadow review',
  'Δ review',
] as const;

/**
 * The report page's shadow section (docs/policy-rollout.md): the agreement matrix (active routes down, shadow
 * routes across) and the estimated cost and review-rate deltas per active route, intent and risk. Omitted
 * when no request in the window carries a shadow decision.
 */
export function shadowSectionHtml(report: ShadowReport): string {
  if (report.requests === 0) return '';
  const shadowRoutes = [...new Set(Object.values(report.agreement).flatMap((row) => Object.keys(row)))].sort();
  const matrix = Object.entries(report.agreement)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([active, row]) => [active, ...shadowRoutes.map((route) => String(row[route] ?? 0))]);
  const segments = [
    ...report.byRoute.map((row) => segmentCells('route', row)),
    ...report.byIntent.map((row) => segmentCells('intent', row)),
    ...report.byRisk.map((row) => segmentCells('risk', row)),
  ];
  const rate = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);
  return `<h2>Shadow policy</h2><p class="meta">Shadow ${escapeXml(report.policyVersions.join(', '))} decided
${report.requests} request(s) beside the active policy without calling any model: same route ${rate(report.agreementRate)},
same primary model ${rate(report.modelAgreementRate)}. Estimates are first-attempt worst cases.</p>
${tableHtml(['active route ↓ / shadow route →', ...shadowRoutes], matrix, 1)}
${tableHtml(SEGMENT_HEAD, segments, 1)}`;
}

function segmentCells(label: string, row: ShadowSegmentRow): string[] {
  const usd = (value: number) => `$${value.toFixed(6)}`;
  const signed = (value: number, text: string) => `${value > 0 ? '+' : ''}${text}`;
  const share = (value: number) => `${(value * 100).toFixed(1)}%`;
  return [
    `${label} ${row.key}`,
    String(row.requests),
    String(row.sameRoute),
    usd(row.activeEstimatedCostUsd),
    usd(row.shadowEstimatedCostUsd),
    signed(row.estimatedCostDeltaPerRequestUsd, usd(row.estimatedCostDeltaPerRequestUsd)),
    share(row.activeReviewRate),
    share(row.shadowReviewRate),
    signed(row.reviewRateDelta, `${(row.reviewRateDelta * 100).toFixed(1)}pp`),
  ];
}
