import Table from 'cli-table3';
import type { ScorecardRow } from './scorecard.js';

const percent = (value: number) => `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`;

/** The scorecard as a terminal table. */
export function renderScorecard(rows: readonly ScorecardRow[]): string {
  const table = new Table({
    head: [
      'route',
      'requests',
      'share',
      'success',
      '$/success',
      'p50 ms',
      'p95 ms',
      'retry',
      'fallback',
      'degrade',
      'review',
      'format',
      'timeout',
    ],
    style: { head: [], border: [] },
  });
  for (const row of rows) {
    table.push([
      row.route,
      String(row.requests),
      percent(row.share),
      percent(row.successRate),
      row.costPerSuccessUsd === null ? '-' : `$${row.costPerSuccessUsd.toFixed(5)}`,
      String(Math.round(row.p50LatencyMs)),
      String(Math.round(row.p95LatencyMs)),
      percent(row.retryRate),
      percent(row.fallbackRate),
      percent(row.degradeRate),
      percent(row.reviewRate),
      percent(row.formatFailureRate),
      percent(row.timeoutRate),
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
