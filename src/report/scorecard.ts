import type { RouteResult } from '../policy/types.js';
import type { QualityRow } from './quality-report.js';

/** One route's numbers (ARCHITECTURE §1: what a team lead tunes with). Rates are fractions 0..1. */
export interface ScorecardRow {
  /** The route (or the group key when grouped otherwise; `all` for the totals row). */
  route: string;
  /** Set on rows of a per-policy-version scorecard. */
  policyVersion?: string;
  requests: number;
  /** Share of all requests. */
  share: number;
  answered: number;
  reviewed: number;
  degraded: number;
  rejected: number;
  /** Successful tasks / requests (see ScorecardOptions.success). */
  successRate: number;
  costUsd: number;
  /** Total cost / successful requests (failures' spend counts against the successes), USD. */
  costPerSuccessUsd: number | null;
  /** End to end without review waits (docs/observability.md#latency), ms. */
  p50LatencyMs: number;
  p95LatencyMs: number;
  /** Time spent in model calls (all attempts of a request summed), ms. */
  p50ModelLatencyMs: number;
  p95ModelLatencyMs: number;
  /** Requests that waited for a reviewer. */
  reviewWaits: number;
  /** Review waits on their own (requests that had one), ms; null when none waited. */
  p50ReviewWaitMs: number | null;
  p95ReviewWaitMs: number | null;
  /** Sampled answer quality (docs/review.md#grading); set by the live report when grades exist. */
  quality?: QualityRow;
  /** Model attempts per request (retries, fallbacks, drafts and reroutes included). */
  attemptsPerRequest: number;
  /** Requests with at least one same-model retry. */
  retryRate: number;
  /** Requests answered or attempted by a fallback model. */
  fallbackRate: number;
  degradeRate: number;
  /** Requests that went to a person. */
  reviewRate: number;
  /** Requests a reviewer rerouted to another model. */
  rerouteRate: number;
  /** Requests with at least one attempt whose answer failed the response-format check. */
  formatFailureRate: number;
  /** Requests with at least one attempt that timed out (first token, idle or total). */
  timeoutRate: number;
  /** Share of attempts per provider (vendor concentration). */
  providerShare: Record<string, number>;
}

export interface ScorecardOptions {
  /** What counts as a successful task. @default isSuccess (an answer from a model or a person) */
  success?: (result: RouteResult) => boolean;
  /** Row key. @default the route (`(rejected)` when the request never got one) */
  groupBy?: (result: RouteResult) => string;
}

const TIMEOUT_TYPES = new Set(['Timeout', 'NoResponse', 'FirstTokenTimeout', 'StreamStalled', 'ActivityTimeout']);

/** Per-route scorecard plus an `all` row (when there is more than one route), from finished results. Pure. */
export function computeScorecard(results: readonly RouteResult[], options: ScorecardOptions = {}): ScorecardRow[] {
  const success = options.success ?? isSuccess;
  const groupBy = options.groupBy ?? ((result: RouteResult) => result.route ?? '(rejected)');
  const groups = new Map<string, RouteResult[]>();
  for (const result of results) {
    const key = groupBy(result);
    const group = groups.get(key);
    if (group) group.push(result);
    else groups.set(key, [result]);
  }
  const rows = [...groups.entries()].map(([key, group]) => scoreGroup(key, group, results.length, success));
  rows.sort((a, b) => b.requests - a.requests || a.route.localeCompare(b.route));
  if (rows.length > 1) rows.push(scoreGroup('all', results, results.length, success));
  return rows;
}

/** One scorecard per policy version (versions sorted by name), for comparing a canary with its baseline. */
export function computeVersionScorecards(
  results: readonly RouteResult[],
  options: ScorecardOptions = {},
): { policyVersion: string; rows: ScorecardRow[] }[] {
  const versionOf = (result: RouteResult) => result.policyVersion ?? '(none)';
  const versions = [...new Set(results.map(versionOf))].sort();
  return versions.map((policyVersion) => ({
    policyVersion,
    rows: computeScorecard(
      results.filter((result) => versionOf(result) === policyVersion),
      options,
    ).map((row) => ({ ...row, policyVersion })),
  }));
}

function scoreGroup(
  route: string,
  group: readonly RouteResult[],
  total: number,
  success: (result: RouteResult) => boolean,
): ScorecardRow {
  const count = (predicate: (result: RouteResult) => boolean) => group.filter(predicate).length;
  const rate = (predicate: (result: RouteResult) => boolean) =>
    group.length === 0 ? 0 : count(predicate) / group.length;
  const successes = count(success);
  const costUsd = group.reduce((sum, result) => sum + result.costUsd, 0);
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  const latencies = sorted(group.map(endToEndMs));
  const modelLatencies = sorted(group.map(modelMs));
  const reviewWaits = sorted(group.map((result) => result.latency?.reviewWaitMs ?? 0).filter((ms) => ms > 0));
  const providerAttempts: Record<string, number> = {};
  let attempts = 0;
  for (const result of group) {
    for (const attempt of result.attempts) {
      providerAttempts[attempt.provider] = (providerAttempts[attempt.provider] ?? 0) + 1;
      attempts += 1;
    }
  }
  const hasRole = (role: string) => (result: RouteResult) => result.attempts.some((attempt) => attempt.role === role);
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
    p50ModelLatencyMs: percentile(modelLatencies, 0.5),
    p95ModelLatencyMs: percentile(modelLatencies, 0.95),
    reviewWaits: reviewWaits.length,
    p50ReviewWaitMs: reviewWaits.length === 0 ? null : percentile(reviewWaits, 0.5),
    p95ReviewWaitMs: reviewWaits.length === 0 ? null : percentile(reviewWaits, 0.95),
    attemptsPerRequest: group.length === 0 ? 0 : attempts / group.length,
    retryRate: rate(hasRole('retry')),
    fallbackRate: rate(hasRole('fallback')),
    degradeRate: rate((result) => result.outcome === 'degraded'),
    reviewRate: rate((result) => result.review !== null || result.trail.some((entry) => entry.step === 'review')),
    rerouteRate: rate(hasRole('reviewer-reroute')),
    formatFailureRate: rate((result) => result.attempts.some((attempt) => attempt.formatFailure)),
    timeoutRate: rate((result) => result.attempts.some((attempt) => TIMEOUT_TYPES.has(attempt.errorType ?? ''))),
    providerShare: Object.fromEntries(
      Object.entries(providerAttempts).map(([provider, n]) => [provider, attempts === 0 ? 0 : n / attempts]),
    ),
  };
}

/** A request's time without review waits, ms (results from before the split: start to finish). */
export function endToEndMs(result: RouteResult): number {
  return result.latency?.endToEndMs ?? result.latencyMs;
}

/** A request's time in model calls, ms: every attempt's latency summed. */
export function modelMs(result: RouteResult): number {
  return result.latency?.modelMs ?? result.attempts.reduce((sum, attempt) => sum + attempt.latencyMs, 0);
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
