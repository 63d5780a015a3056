import type { CanarySettings } from './canary-schema.js';

/** One finished request as the canary controller counts it (no text, no ids). */
export interface CanarySample {
  /** Answered or reviewed (not degraded, not rejected). */
  ok: boolean;
  /** At least one attempt's answer failed the route's response-format check. */
  formatFailure: boolean;
  /** Workflow start to finish, ms. */
  latencyMs: number;
  /** Cost of all attempts, USD. */
  costUsd: number;
}

/** Aggregates of one role's window. Rates in percent points (0..100); null when the window is empty. */
export interface RoleStats {
  count: number;
  successRate: number | null;
  formatFailureRate: number | null;
  p95LatencyMs: number | null;
  /** Total cost / successful requests, USD; null without successes. */
  costPerSuccessUsd: number | null;
}

/** One guardrail row: the active and candidate values, the worst the candidate may reach, and the verdict. */
export interface Guardrail {
  name: 'success-rate' | 'format-failure-rate' | 'p95-latency-ms' | 'cost-per-success-usd';
  active: number | null;
  candidate: number | null;
  /** The candidate's bound (a floor for success rate, a ceiling otherwise); null: nothing to compare with. */
  limit: number | null;
  ok: boolean;
}

/** Where the canary stands, as the controller tracks it. */
export interface CanaryProgress {
  state: 'running' | 'waiting-for-promotion' | 'promoted' | 'rolled-back';
  /** Canary outcomes received since the controller started. */
  servedCanary: number;
  /** When `minRequests` was first reached (workflow time, epoch ms), or null. */
  minReachedAtMs: number | null;
}

/** What the controller does now. Every non-`none` verdict is recorded in its history. */
export type CanaryVerdict =
  | { kind: 'none' }
  | { kind: 'promote'; reason: string }
  | { kind: 'rollback'; reason: string }
  | { kind: 'wait'; reason: string };

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile of `values` (0 < p ≤ 100); null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarize(samples: readonly CanarySample[]): RoleStats {
  const count = samples.length;
  if (count === 0)
    return { count, successRate: null, formatFailureRate: null, p95LatencyMs: null, costPerSuccessUsd: null };
  const successes = samples.filter((sample) => sample.ok).length;
  const cost = samples.reduce((sum, sample) => sum + sample.costUsd, 0);
  return {
    count,
    successRate: round((100 * successes) / count, 2),
    formatFailureRate: round((100 * samples.filter((sample) => sample.formatFailure).length) / count, 2),
    p95LatencyMs: percentile(
      samples.map((sample) => sample.latencyMs),
      95,
    ),
    costPerSuccessUsd: successes === 0 ? null : round(cost / successes, 8),
  };
}

/**
 * Candidate vs active under the limits. A guardrail with no active value to compare with holds (limit null);
 * a candidate with no successes breaks the cost guardrail when it has a limit.
 */
export function evaluateGuardrails(
  active: RoleStats,
  candidate: RoleStats,
  limits: CanarySettings['guardrails'],
): Guardrail[] {
  const success =
    active.successRate === null ? null : round(Math.max(0, active.successRate - limits.successRateDropPoints), 2);
  const format =
    active.formatFailureRate === null
      ? null
      : round(Math.min(100, active.formatFailureRate + limits.formatFailureRisePoints), 2);
  const p95 =
    active.p95LatencyMs === null ? null : round(active.p95LatencyMs * (1 + limits.p95LatencyRisePercent / 100), 1);
  const costLimit = limits.costPerSuccessRisePercent;
  const cost =
    costLimit === null || active.costPerSuccessUsd === null
      ? null
      : round(active.costPerSuccessUsd * (1 + costLimit / 100), 8);
  const atMost = (value: number | null, limit: number | null) => limit === null || value === null || value <= limit;
  return [
    {
      name: 'success-rate',
      active: active.successRate,
      candidate: candidate.successRate,
      limit: success,
      ok: success === null || candidate.successRate === null || candidate.successRate >= success,
    },
    {
      name: 'p95-latency-ms',
      active: active.p95LatencyMs,
      candidate: candidate.p95LatencyMs,
      limit: p95,
      ok: atMost(candidate.p95LatencyMs, p95),
    },
    {
      name: 'format-failure-rate',
      active: active.formatFailureRate,
      candidate: candidate.formatFailureRate,
      limit: format,
      ok: atMost(candidate.formatFailureRate, format),
    },
    {
      name: 'cost-per-success-usd',
      active: active.costPerSuccessUsd,
      candidate: candidate.costPerSuccessUsd,
      limit: cost,
      ok:
        cost === null ||
        candidate.count === 0 ||
        (candidate.costPerSuccessUsd !== null && candidate.costPerSuccessUsd <= cost),
    },
  ];
}

/**
 * The controller's rule. Nothing is judged before `minRequests` canary outcomes; from then on a broken guardrail
 * rolls back at once; within bounds, the canary is promoted (or waits for a person, `promotion: manual`) after
 * `promoteAfter` canary outcomes, and at the latest `decideWithinRequests` outcomes or `decideWithinMs` after the
 * minimum was reached. A canary waiting for a person is still watched and rolled back if a guardrail breaks.
 */
export function judgeCanary(
  progress: CanaryProgress,
  guardrails: readonly Guardrail[],
  settings: CanarySettings,
  nowMs: number,
): CanaryVerdict {
  if (progress.state === 'promoted' || progress.state === 'rolled-back') return { kind: 'none' };
  if (progress.servedCanary < settings.minRequests) return { kind: 'none' };
  const broken = guardrails.filter((guardrail) => !guardrail.ok);
  if (broken.length > 0) {
    const what = broken.map((row) => `${row.name} ${row.candidate} vs limit ${row.limit} (active ${row.active})`);
    return {
      kind: 'rollback',
      reason: `guardrail broken after ${progress.servedCanary} canary requests: ${what.join('; ')}`,
    };
  }
  if (progress.state === 'waiting-for-promotion') return { kind: 'none' };
  const reachedAt = progress.minReachedAtMs ?? nowMs;
  const due =
    progress.servedCanary >= settings.promoteAfter ||
    progress.servedCanary >= settings.minRequests + settings.decideWithinRequests ||
    nowMs - reachedAt >= settings.decideWithinMs;
  if (!due) return { kind: 'none' };
  const bounds = `guardrails within bounds after ${progress.servedCanary} canary requests`;
  return settings.promotion === 'manual'
    ? { kind: 'wait', reason: `${bounds}; waiting for a person to promote` }
    : { kind: 'promote', reason: bounds };
}
