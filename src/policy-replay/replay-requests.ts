import { costUsd, modelInputTokens, roundUsd } from '../policy/cost.js';
import type { Policy } from '../policy/schema.js';
import type { DataClass } from '../policy/types.js';
import { activeClasses, decideActive, decideCandidate, disallowedProviders, type SideDecision } from './decide-side.js';
import type { ReplayRecord, SkippedRecord } from './replay-record.js';

/** A route and the primary model decided on it (null, null: rejected). */
export interface RouteChoice {
  route: string | null;
  model: string | null;
}

/** A request the candidate would route differently (another route or another primary model). */
export interface RouteChange {
  workflowId: string;
  from: RouteChoice;
  to: RouteChoice;
}

/** A request a person would now decide (`reviewed: true`), or no longer would. */
export interface ReviewChange {
  workflowId: string;
  reviewed: boolean;
  /** The candidate's review reason, or the active one's when no longer reviewed. */
  reason: string;
}

/** A request the candidate would send to providers the active policy does not allow to see its data class. */
export interface DataClassViolation {
  workflowId: string;
  dataClass: DataClass;
  providers: string[];
}

/** What would change if the candidate policy had decided the recorded requests. Pure data. */
export interface ReplayComparison {
  /** Recorded requests re-decided (finished or still running). */
  requests: number;
  /** Of those, still running (e.g. parked for review). */
  running: number;
  /** Histories that could not be re-decided (refused before inspection, unreadable snapshot); see `skippedRequests`. */
  skipped: number;
  skippedRequests: SkippedRecord[];
  /** Requests that would get another route or another primary model. */
  routeChanges: number;
  changes: RouteChange[];
  newlyReviewed: number;
  noLongerReviewed: number;
  reviewChanges: ReviewChange[];
  /** Requests the candidate would send to a provider the active (recorded) policy does not allow their data class. */
  dataClassViolations: number;
  violations: DataClassViolation[];
  /** Providers to which the candidate grants data classes that a recorded active policy does not. */
  dataClassWidening: string[];
  /**
   * Recorded requests whose re-decision under their own recorded policy names another route than the one recorded
   * (today's decision code differs from the code that ran); their changes still compare re-decisions on both sides.
   */
  activeMismatches: number;
  /** Finished requests with a successful answer (from a model or a person), the denominator of the cost estimate. */
  successes: number;
  /**
   * USD per successful request. active: recorded cost of finished requests / successes. candidate: per finished
   * request, one attempt on the candidate's decided primary model at its prices with the recorded token counts
   * (requests without recorded tokens: the plan's input estimate and the mean recorded output), / the same
   * successes. Retries, fallbacks and review outcomes are not modelled. Null without successes.
   */
  estimatedCostPerSuccessUsd: { active: number | null; candidate: number | null };
  /** The active policies the records were decided by, with how many requests each. */
  activePolicies: { version: string; hash: string; requests: number }[];
}

/** The numeric top-level fields of a comparison: what `--fail-on` may name. */
export const REPLAY_NUMERIC_FIELDS = [
  'requests',
  'running',
  'skipped',
  'routeChanges',
  'newlyReviewed',
  'noLongerReviewed',
  'dataClassViolations',
  'activeMismatches',
  'successes',
] as const satisfies readonly (keyof ReplayComparison)[];

/**
 * Re-decides recorded requests under a candidate policy and compares with what their active policy decides. The
 * inspection (classification, data class) is the recorded one: a candidate that changes intents or privacy rules
 * is not re-inspected.
 */
export function replayRequests(
  records: readonly ReplayRecord[],
  candidate: Policy,
  skipped: readonly SkippedRecord[] = [],
): ReplayComparison {
  const skippedRequests = [...skipped];
  const decided: { record: ReplayRecord; from: SideDecision; to: SideDecision }[] = [];
  for (const record of records) {
    try {
      decided.push({ record, from: decideActive(record), to: decideCandidate(candidate, record) });
    } catch (error) {
      // A snapshot recorded by a much older version may not fit today's decision code.
      skippedRequests.push({ workflowId: record.workflowId, reason: `cannot re-decide: ${(error as Error).message}` });
    }
  }
  const changes: RouteChange[] = [];
  const reviewChanges: ReviewChange[] = [];
  const violations: DataClassViolation[] = [];
  let activeMismatches = 0;
  for (const { record, from, to } of decided) {
    const { workflowId } = record;
    if (from.route !== to.route || from.model !== to.model) {
      changes.push({ workflowId, from: choice(from), to: choice(to) });
    }
    if ((from.review === null) !== (to.review === null)) {
      const reviewed = to.review !== null;
      reviewChanges.push({ workflowId, reviewed, reason: (reviewed ? to.review : from.review) ?? '' });
    }
    const providers = to.plan ? disallowedProviders(to.plan, record.dataClass, record.policy) : [];
    if (providers.length > 0) violations.push({ workflowId, dataClass: record.dataClass, providers });
    if (record.recordedRoute !== null && from.route !== record.recordedRoute) activeMismatches += 1;
  }
  const finished = decided.filter((entry) => entry.record.outcome !== null);
  const successes = finished.filter((entry) => entry.record.outcome!.success).length;
  return {
    requests: decided.length,
    running: decided.filter((entry) => entry.record.status === 'running').length,
    skipped: skippedRequests.length,
    skippedRequests,
    routeChanges: changes.length,
    changes,
    newlyReviewed: reviewChanges.filter((change) => change.reviewed).length,
    noLongerReviewed: reviewChanges.filter((change) => !change.reviewed).length,
    reviewChanges,
    dataClassViolations: violations.length,
    violations,
    dataClassWidening: dataClassWidening(candidate, [
      ...new Map(decided.map(({ record }) => [record.policyHash, record.policy])).values(),
    ]),
    activeMismatches,
    successes,
    estimatedCostPerSuccessUsd: costPerSuccess(finished, candidate, successes),
    activePolicies: activePolicies(decided.map((entry) => entry.record)),
  };
}

/** Providers the candidate lets see a data class that some active policy does not (sorted). */
export function dataClassWidening(candidate: Policy, actives: readonly Policy[]): string[] {
  const widened = new Set<string>();
  for (const active of actives) {
    for (const [name, provider] of Object.entries(candidate.providers)) {
      const allowed = activeClasses(active, name);
      if (provider.dataClasses.some((dataClass) => !allowed.includes(dataClass))) widened.add(name);
    }
  }
  return [...widened].sort();
}

function choice(decision: SideDecision): RouteChoice {
  return { route: decision.route, model: decision.model };
}

function costPerSuccess(
  finished: readonly { record: ReplayRecord; to: SideDecision }[],
  candidate: Policy,
  successes: number,
): ReplayComparison['estimatedCostPerSuccessUsd'] {
  if (successes === 0) return { active: null, candidate: null };
  const withTokens = finished.flatMap((entry) => (entry.record.outcome?.tokens ? [entry.record.outcome.tokens] : []));
  const meanOutput =
    withTokens.length === 0 ? 0 : withTokens.reduce((sum, tokens) => sum + tokens.output, 0) / withTokens.length;
  let active = 0;
  let estimated = 0;
  for (const { record, to } of finished) {
    active += record.outcome!.costUsd;
    const model = to.model === null ? undefined : candidate.models[to.model];
    if (!model || !to.plan) continue;
    const tokens = record.outcome!.tokens ?? {
      input: modelInputTokens(model, to.plan.inputTokens),
      output: Math.round(meanOutput),
    };
    estimated += costUsd(model, tokens.input, tokens.output);
  }
  return { active: roundUsd(active / successes), candidate: roundUsd(estimated / successes) };
}

function activePolicies(records: readonly ReplayRecord[]): ReplayComparison['activePolicies'] {
  const byHash = new Map<string, { version: string; hash: string; requests: number }>();
  for (const record of records) {
    const entry = byHash.get(record.policyHash) ?? {
      version: record.policy.version,
      hash: record.policyHash,
      requests: 0,
    };
    entry.requests += 1;
    byHash.set(record.policyHash, entry);
  }
  return [...byHash.values()];
}
