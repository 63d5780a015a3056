import type { RouteResult, TrailEntry } from '../policy/types.js';

/** Conversation review rules whose key a review reason names (docs/review.md). */
export const CONVERSATION_RULES = ['stillConfused', 'askedForDetailsTwice', 'identityDoubt'] as const;

/** What the ladder's rungs and the review's conversation rules did on one route (counts of requests unless said). */
export interface RungCounts {
  requests: number;
  /** Requests with a JSON repair, by outcome (`repaired`, `failed`, …). */
  repair: Record<string, number>;
  /** Requests whose prompt was shrunk, and the tokens removed in all. */
  fitPrompt: { requests: number; tokensRemoved: number };
  /** Degraded requests by mode (`message`, `reduced-scope`, `partial`). */
  degrade: Record<string, number>;
  /** Degraded requests that returned a partial answer. */
  partial: number;
  /** Requests that sent an interim message while the model kept working. */
  interim: number;
  /** Answered requests sent to the grading queue. */
  qualitySample: number;
  /** Requests a conversation rule sent to a person, by rule key. */
  conversationReview: Record<string, number>;
}

/** Per route (`(none)` for requests that never got one), what the rungs did. Pure. */
export function computeRungs(results: readonly RouteResult[]): Record<string, RungCounts> {
  const routes: Record<string, RungCounts> = {};
  for (const result of results) {
    const key = result.route ?? '(none)';
    routes[key] ??= empty();
    const counts = routes[key];
    counts.requests += 1;
    const trail = result.trail ?? [];
    // Each request counts once per outcome and rule, however often its trail names them.
    const repairs = new Set<string>();
    const rules = new Set<string>();
    let fitted = false;
    for (const entry of trail) {
      if (entry.step === 'repair') repairs.add(entry.outcome);
      if (entry.step === 'fit-prompt') {
        fitted = true;
        counts.fitPrompt.tokensRemoved += tokensRemoved(entry);
      }
      const rule = conversationRuleOf(entry);
      if (rule) rules.add(rule);
    }
    for (const outcome of repairs) counts.repair[outcome] = (counts.repair[outcome] ?? 0) + 1;
    for (const rule of rules) counts.conversationReview[rule] = (counts.conversationReview[rule] ?? 0) + 1;
    if (fitted) counts.fitPrompt.requests += 1;
    if (trail.some((entry) => entry.step === 'interim')) counts.interim += 1;
    if (trail.some((entry) => entry.step === 'quality-sample')) counts.qualitySample += 1;
    const extra = result as RouteResult & { degradeMode?: string; partial?: boolean };
    if (result.outcome === 'degraded') {
      const mode = extra.degradeMode ?? 'message';
      counts.degrade[mode] = (counts.degrade[mode] ?? 0) + 1;
      if (extra.partial === true) counts.partial += 1;
    }
  }
  return routes;
}

function empty(): RungCounts {
  return {
    requests: 0,
    repair: {},
    fitPrompt: { requests: 0, tokensRemoved: 0 },
    degrade: {},
    partial: 0,
    interim: 0,
    qualitySample: 0,
    conversationReview: {},
  };
}

function tokensRemoved(entry: TrailEntry): number {
  const value = entry.detail?.tokensRemoved;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** The conversation rule a review entry names, if any (the reason names the rule's key). */
function conversationRuleOf(entry: TrailEntry): string | null {
  if (entry.step !== 'review') return null;
  return CONVERSATION_RULES.find((rule) => entry.reason.includes(rule) || entry.outcome === rule) ?? null;
}
