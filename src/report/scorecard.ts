import type { RouteResult } from '../policy/types.js';

/** One route's numbers (ARCHITECTURE §1: what a team lead tunes with). Rates are fractions 0..1. */
export interface ScorecardRow {
  route: string;
  requests: number;
  /** Share of all requests. */
  share: number;
  answered: number;
  reviewed: number;
  degraded: number;
  rejected: number;
  /** Answered or reviewed with an answer. */
  successRate: number;
  costUsd: number;
  /** Total cost / successful requests (failures' spend counts against the successes), USD. */
  costPerSuccessUsd: number | null;
  p50LatencyMs: number;
  p95LatencyMs: number;
  /** Requests with at least one same-model retry. */
  retryRate: number;
  /** Requests answered or attempted by a fallback model. */
  fallbackRate: number;
  degradeRate: number;
  /** Requests that went to a person. */
  reviewRate: number;
  /** Requests with at least one attempt whose answer failed the response-format check. */
  formatFailureRate: number;
  /** Requests with at least one attempt that timed out (first token, idle or total). */
  timeoutRate: number;
  /** Share of attempts per provider (vendor concentration). */
  providerShare: Record<string, number>;
}

const TIMEOUT_TYPES = new Set(['Timeout', 'FirstTokenTimeout', 'StreamStalled', 'ActivityTimeout']);

/** Per-route scorecard plus an `all` row, from finished results. Pure. */
export function computeScorecard(results: readonly RouteResult[]): ScorecardRow[] {
  const byRoute = new Map<string, RouteResult[]>();
  for (const result of results) {
    const key = result.route ?? '(rejected)';
    byRoute.set(key, [...(byRoute.get(key) ?? []), result]);
  }
  const rows = [...byRoute.entries()].map(([route, group]) => scoreGroup(route, group, results.length));
  rows.sort((a, b) => b.requests - a.requests || a.route.localeCompare(b.route));
  if (rows.length > 1) rows.push(scoreGroup('all', results, results.length));
  return rows;
}

function scoreGroup(route: string, group: readonly RouteResult[], total: number): ScorecardRow {
  const count = (predicate: (result: RouteResult) => boolean) => group.filter(predicate).length;
  const rate = (predicate: (result: RouteResult) => boolean) =>
    group.length === 0 ? 0 : count(predicate) / group.length;
  const successes = count(isSuccess);
  const costUsd = group.reduce((sum, result) => sum + result.costUsd, 0);
  const latencies = group.map((result) => result.latencyMs).sort((a, b) => a - b);
  const providerAttempts: Record<string, number> = {};
  let attempts = 0;
  for (const result of group) {
    for (const attempt of result.attempts) {
      providerAttempts[attempt.provider] = (providerAttempts[attempt.provider] ?? 0) + 1;
      attempts += 1;
    }
  }
  return {
    route,
    requests: group.length,
    share: total === 0 ? 0 : group.length / total,
    answered: count((result) => result.outcome === 'answered'),
    reviewed: count((result) => result.outcome === 'reviewed'),
    degraded: count((result) => result.outcome === 'degraded'),
    rejected: count((result) => result.outcome === 'rejected'),
    successRate: group.length === 0 ? 0 : successes / group.length,
    costUsd,
    costPerSuccessUsd: successes === 0 ? null : costUsd / successes,
    p50LatencyMs: percentile(latencies, 0.5),
    p95LatencyMs: percentile(latencies, 0.95),
    retryRate: rate((result) => result.attempts.some((attempt) => attempt.role === 'retry')),
    fallbackRate: rate((result) => result.attempts.some((attempt) => attempt.role === 'fallback')),
    degradeRate: rate((result) => result.outcome === 'degraded'),
    reviewRate: rate((result) => result.review !== null || result.trail.some((entry) => entry.step === 'review')),
    formatFailureRate: rate((result) => result.attempts.some((attempt) => attempt.formatFailure)),
    timeoutRate: rate((result) => result.attempts.some((attempt) => TIMEOUT_TYPES.has(attempt.errorType ?? ''))),
    providerShare: Object.fromEntries(
      Object.entries(providerAttempts).map(([provider, n]) => [provider, attempts === 0 ? 0 : n / attempts]),
    ),
  };
}

/** A request succeeded when it got a real answer: from a model, or from a person. */
export function isSuccess(result: RouteResult): boolean {
  return (result.outcome === 'answered' || result.outcome === 'reviewed') && result.answer !== null;
}

/** Nearest-rank percentile of sorted values (0 for none). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
