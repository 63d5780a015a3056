import Table from 'cli-table3';
import { formatQuality } from './quality-report.js';
import type { ScorecardRow } from './scorecard.js';

const percent = (value: number) => `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`;

export interface RenderScorecardOptions {
  /** Header of the first column. @default 'route' */
  label?: string;
  /** Add the policy-version column (rows from computeVersionScorecards). @default false */
  policyVersion?: boolean;
  /** Add attempts per request and reviewer-reroute rate. @default false */
  extended?: boolean;
}

/**
 * The scorecard as a terminal table. `p50/p95 ms` are end to end without review waits; `model p95` is time in model
 * calls; `review wait p95` (when a row had review waits) and `quality` (when a row has grades) show only when set.
 */
export function renderScorecard(rows: readonly ScorecardRow[], options: RenderScorecardOptions = {}): string {
  const waits = rows.some((row) => row.reviewWaits > 0);
  const quality = rows.some((row) => row.quality !== undefined);
  const table = new Table({
    head: [
      ...(options.policyVersion ? ['policy'] : []),
      options.label ?? 'route',
      'requests',
      'share',
      'success',
      '$/success',
      'p50 ms',
      'p95 ms',
      'model p95',
      ...(waits ? ['review wait p95'] : []),
      'retry',
      'fallback',
      'degrade',
      'review',
      'format',
      'timeout',
      ...(options.extended ? ['reroute', 'att/req'] : []),
      ...(quality ? ['quality'] : []),
    ],
    style: { head: [], border: [] },
  });
  for (const row of rows) {
    table.push([
      ...(options.policyVersion ? [row.policyVersion ?? ''] : []),
      row.route,
      String(row.requests),
      percent(row.share),
      percent(row.successRate),
      row.costPerSuccessUsd === null ? '-' : `$${row.costPerSuccessUsd.toFixed(5)}`,
      String(Math.round(row.p50LatencyMs)),
      String(Math.round(row.p95LatencyMs)),
      String(Math.round(row.p95ModelLatencyMs)),
      ...(waits ? [row.p95ReviewWaitMs === null ? '-' : String(Math.round(row.p95ReviewWaitMs))] : []),
      percent(row.retryRate),
      percent(row.fallbackRate),
      percent(row.degradeRate),
      percent(row.reviewRate),
      percent(row.formatFailureRate),
      percent(row.timeoutRate),
      ...(options.extended ? [percent(row.rerouteRate), row.attemptsPerRequest.toFixed(2)] : []),
      ...(quality ? [formatQuality(row.quality)] : []),
    ]);
  }
  return table.toString();
}

/** Provider share of attempts, e.g. `cloud-fast 61% · cloud-strong 30% · private 9%`. */
export function renderProviderShare(row: ScorecardRow): string {
  return Object.entries(row.providerShare)
    .sort((a, b) => b[1] - a[1])
    .map(([provider, share]) => `${provider} ${percent(share)}`)
    .join(' · ');
}
