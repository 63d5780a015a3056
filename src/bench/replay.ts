import type { RouterClient } from '../client/router-client.js';
import { signReviewDecision } from '../policy/review-decision.js';
import type { ReviewDecision, RouteResult } from '../policy/types.js';
import type { TrafficItem } from '../traffic/read-traffic.js';
import { type ReviewStatus, routeTraffic } from '../traffic/route-traffic.js';
import { type ReplayRun, type ReplaySavings, replaySavings, summarizeRun } from './replay-summary.js';
import { correctnessLabels, judgeSuccess, modelsByPrice, type TierMap } from './tiers.js';

/** The runs of `bench replay`: the router, then baselines forcing one model order for every request. */
export const REPLAY_RUNS = ['router', 'all-premium', 'all-cheap', 'round-robin'] as const;
export type ReplayRunName = (typeof REPLAY_RUNS)[number];

export interface ReplayOptions {
  /** The simulated reviewer's credential (token → identity, as a stack generated them). @default none: reviews stay parked */
  reviewerTokens?: Readonly<Record<string, string>>;
  /** Requests in flight at once. @default 16 */
  concurrency?: number;
  /** Runs to make. @default all of REPLAY_RUNS */
  runs?: readonly ReplayRunName[];
  /** Model → tier for correctness labels. */
  tiers: TierMap;
  /** Makes workflow ids unique per invocation. */
  runId: string;
  onProgress?: (run: ReplayRunName, done: number, total: number) => void;
}

export interface ReplayResult {
  requests: number;
  /** Items with per-tier correctness labels (success means "answered by a tier that got it right"). */
  labelled: number;
  tiers: TierMap;
  runs: ReplayRun[];
  savings: ReplaySavings;
}

/**
 * Replays traffic through the router, then under each baseline on the same simulated models, and scores
 * them with one success definition. Baselines pass `models` (OpenRouter-style), so the policy still
 * narrows them by data class and budget, and requests that need a person still go to review (resolved
 * here by a simulated reviewer that approves the draft).
 */
export async function runReplayBench(
  router: RouterClient,
  items: readonly TrafficItem[],
  options: ReplayOptions,
): Promise<ReplayResult> {
  const labels = items.map(correctnessLabels);
  const byPrice = modelsByPrice(router.requirePolicy().policy);
  const runs: ReplayRun[] = [];
  for (const name of options.runs ?? REPLAY_RUNS) {
    const { traffic, description } = baselineTraffic(name, items, byPrice);
    const outcomes = await routeTraffic(router, traffic, {
      concurrency: options.concurrency ?? 16,
      requestIdPrefix: `replay-${options.runId}-${name}`,
      onSettled: (done, total) => options.onProgress?.(name, done, total),
      reviewer: simulatedReviewer(Object.entries(options.reviewerTokens ?? {})[0] ?? null),
    });
    const labelOf = new Map<string, Record<string, boolean> | null>();
    const results: RouteResult[] = [];
    outcomes.forEach((outcome, index) => {
      if (!outcome.result) return;
      labelOf.set(outcome.workflowId, labels[index] ?? null);
      results.push(outcome.result);
    });
    const success = (result: RouteResult) =>
      judgeSuccess(result, labelOf.get(result.workflowId) ?? null, options.tiers);
    runs.push(summarizeRun(name, description, items.length, results, success));
  }
  return {
    requests: items.length,
    labelled: labels.filter((label) => label !== null).length,
    tiers: options.tiers,
    runs,
    savings: replaySavings(runs),
  };
}

/** The traffic a run sends: unchanged for the router, one forced model order per request for baselines. */
export function baselineTraffic(
  name: ReplayRunName,
  items: readonly TrafficItem[],
  modelsCheapestFirst: readonly string[],
): { traffic: TrafficItem[]; description: string } {
  const force = (pick: (index: number) => string) =>
    items.map((item, index) => ({ ...item, request: { ...item.request, models: [pick(index)] } }));
  const cheapest = modelsCheapestFirst[0]!;
  const premium = modelsCheapestFirst.at(-1)!;
  switch (name) {
    case 'router':
      return { traffic: [...items], description: 'the policy decides' };
    case 'all-premium':
      return { traffic: force(() => premium), description: `models: [${premium}]` };
    case 'all-cheap':
      return { traffic: force(() => cheapest), description: `models: [${cheapest}]` };
    case 'round-robin':
      return {
        traffic: force((index) => modelsCheapestFirst[index % modelsCheapestFirst.length]!),
        description: `models: rotating ${modelsCheapestFirst.join(', ')}`,
      };
  }
}

/**
 * Plays the policy's first reviewer for requests that need a person: approves the draft, or writes a
 * short reply. Without reviewers (or allowed decisions) requests stay parked and count as unfinished.
 */
function simulatedReviewer(credential: [token: string, reviewer: string] | null) {
  return (status: ReviewStatus): ReviewDecision | null => {
    const allowed = status.review?.decisions ?? [];
    if (!credential) return null;
    const [token, reviewer] = credential;
    if (status.review?.draft && allowed.includes('approve-draft')) {
      return signReviewDecision(token, status.workflowId, {
        reviewer,
        decision: 'approve-draft',
        note: 'bench replay',
      });
    }
    if (allowed.includes('reply-with-text')) {
      const reply = {
        reviewer,
        decision: 'reply-with-text',
        text: 'A person answered this request.',
        note: 'bench replay',
      } as const;
      return signReviewDecision(token, status.workflowId, reply);
    }
    return null;
  };
}
