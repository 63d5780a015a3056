import type { GradeResult } from '../../workflows/grade-types.js';
import type { QuotaStatusRow } from '../budget/quota-status.js';
import type { Policy } from '../policy/schema.js';
import type { Outcome, RouteResult } from '../policy/types.js';
import type { BudgetCapRow } from './budget-caps.js';
import { computeFailoverReadiness, declaredFailoverPairs, type FailoverReadinessRow } from './failover-readiness.js';
import { type LifecycleSections, lifecycleSections } from './lifecycle-report.js';
import { computeProviderConcentration, type ProviderConcentrationRow } from './provider-concentration.js';
import { computeQuality, type QualityPolicy, type QualityRow, qualityOfRow } from './quality-report.js';
import { computeScorecard, computeVersionScorecards, endToEndMs, percentile, type ScorecardRow } from './scorecard.js';
import { computeShadowReport, type ShadowReport } from './shadow-report.js';
import { computeStrongShare, type StrongShareRow, type ThresholdShare } from './strong-share.js';

/** Latency distribution of one route, ms. */
export interface LatencySummary {
  min: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
  max: number;
}

/** The live scorecard of a running system over a time window (`switchyard report`). */
export interface LiveReport extends LifecycleSections {
  /** ISO time the report was made. */
  generatedAt: string;
  /** ISO start of the window (workflows started after it). */
  since: string;
  /** Finished requests with a result (the scorecard's population). */
  requests: number;
  /** Requests still running (in flight or waiting for a person). */
  running: number;
  /** Routing workflows that closed without a result, by status (FAILED, CANCELLED, TERMINATED, TIMED_OUT). */
  unfinished: Record<string, number>;
  /** True when the visibility listing stopped at the limit. */
  truncated: boolean;
  byRoute: ScorecardRow[];
  byPolicyVersion: { policyVersion: string; rows: ScorecardRow[] }[];
  /** Sampled answer quality per route and policy version, with sample sizes and floors (docs/review.md#grading). */
  quality: QualityRow[];
  /** Sampled answers still waiting for a grade. */
  gradesPending: number;
  /** Latency distribution per route (and `all`), end to end without review waits. */
  latency: Record<string, LatencySummary>;
  /** Outcome counts per route. */
  outcomes: Record<string, Record<Outcome, number>>;
  /** Per provider: share of attempts, of requests answered and of spend. */
  providerConcentration: ProviderConcentrationRow[];
  /** Per provider pair: how often fallbacks took it and worked, plus declared pairs never taken. */
  failoverReadiness: FailoverReadinessRow[];
  /** Each budget of the active policy against its cap in the current period (empty without budgets). */
  budgets: BudgetCapRow[];
  /** Each quota of the active policy: the share its target took in the current period (empty without quotas). */
  quotas: QuotaStatusRow[];
  /** Version of the policy whose routes and budgets the report read; null when none was found. */
  activePolicyVersion: string | null;
  /** How the workers' shadow policy would have decided the same requests (docs/policy-rollout.md). */
  shadow: ShadowReport;
  /** Per route with a strongGain tier: target vs realised strong-first share (docs/router.md#calibration-and-drift). */
  strongShare: StrongShareRow[];
}

export interface ReportMeta {
  since: Date;
  generatedAt: Date;
  running: number;
  unfinished: Record<string, number>;
  truncated: boolean;
  /** ISO close time of each result's workflow (collectRouteResults). @default unknown */
  closeTimes?: ReadonlyMap<RouteResult, string>;
  /** The active policy: its routes declare the failover pairs. @default none */
  policy?: Pick<Policy, 'version' | 'routes' | 'models' | 'intents' | 'review'> | null;
  /** Budgets against their caps, read from the ledgers (budgetCaps). @default none */
  budgets?: BudgetCapRow[];
  /** Quota shares, read from the quota ledgers (quotaStatus). @default none */
  quotas?: QuotaStatusRow[];
  /** Each result's classifier input text, in result order (collectRequestTexts), for `neverFired`. @default not read */
  texts?: readonly string[] | null;
  /** What a strongGain threshold aims at (routerThresholdShare). @default unknown */
  thresholdShare?: ThresholdShare;
  /** Finished grading workflows (collectGrades) and how many still wait. @default none */
  grades?: { grades: readonly GradeResult[]; pending: number };
}

/** Builds the report from finished results (and what the meta brings: close times, policy, budget rows). Pure. */
export function summarizeResults(results: readonly RouteResult[], meta: ReportMeta): LiveReport {
  const routeOf = (result: RouteResult) => result.route ?? '(rejected)';
  const latencies = new Map<string, number[]>([['all', []]]);
  const outcomes: LiveReport['outcomes'] = {};
  for (const result of results) {
    const route = routeOf(result);
    if (!latencies.has(route)) latencies.set(route, []);
    latencies.get(route)!.push(endToEndMs(result));
    latencies.get('all')!.push(endToEndMs(result));
    outcomes[route] ??= { answered: 0, reviewed: 0, degraded: 0, rejected: 0 };
    outcomes[route][result.outcome] += 1;
  }
  const latency: LiveReport['latency'] = {};
  for (const [route, values] of latencies) {
    if (values.length > 0) latency[route] = summarizeLatency(values);
  }
  const grades = meta.grades?.grades ?? [];
  const floors: QualityPolicy | null = meta.policy ?? null;
  const withQuality = (row: ScorecardRow): ScorecardRow => {
    const quality = qualityOfRow(row, grades, floors);
    return quality ? { ...row, quality } : row;
  };
  return {
    generatedAt: meta.generatedAt.toISOString(),
    since: meta.since.toISOString(),
    requests: results.length,
    running: meta.running,
    unfinished: meta.unfinished,
    truncated: meta.truncated,
    byRoute: computeScorecard(results).map(withQuality),
    byPolicyVersion: computeVersionScorecards(results).map((version) => ({
      ...version,
      rows: version.rows.map(withQuality),
    })),
    quality: computeQuality(grades, floors),
    gradesPending: meta.grades?.pending ?? 0,
    latency,
    outcomes,
    providerConcentration: computeProviderConcentration(results),
    failoverReadiness: computeFailoverReadiness(results, {
      declared: meta.policy ? declaredFailoverPairs(meta.policy) : [],
      closedAtOf: (result) => meta.closeTimes?.get(result),
    }),
    budgets: meta.budgets ?? [],
    quotas: meta.quotas ?? [],
    activePolicyVersion: meta.policy?.version ?? null,
    shadow: computeShadowReport(results),
    strongShare: computeStrongShare(results, meta.policy ?? null, meta.thresholdShare),
    ...lifecycleSections(results, meta.policy ?? null, meta.texts ?? null),
  };
}

/** Quantiles of unsorted latencies, ms. */
export function summarizeLatency(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? 0,
    p25: percentile(sorted, 0.25),
    p50: percentile(sorted, 0.5),
    p75: percentile(sorted, 0.75),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
  };
}
