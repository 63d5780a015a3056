import type { Policy } from '../policy/schema.js';
import type { AttemptRecord, RouteResult } from '../policy/types.js';

/**
 * Correctness labels mined from production (docs/router.md, "Training from production"): what a finished request's
 * own record says about its route's cheap (weak) and pricey (strong) model. Pure: data in, label or skip out.
 */

/** Kinds of evidence, in the `source` of a mined line (joined by `+`). */
export const LABEL_SOURCES = [
  /** A model's answer failed the route's response format: that model ✗. */
  'format-failure',
  /** The answering model's answer went out with no review and no bad feedback: that model ✓. */
  'accepted',
  /** A reviewer approved the draft: the draft model ✓. */
  'review-approve',
  /** A reviewer wrote the reply: the draft model ✗. */
  'review-rewrite',
  /** A reviewer rerouted: the draft model ✗, the model rerouted to ✓ once it answered. */
  'review-reroute',
  /** Explicit good feedback on the answering model: ✓ (overrides everything else for that model). */
  'feedback-good',
  /** Explicit bad feedback on the answering model: ✗ (overrides everything else for that model). */
  'feedback-bad',
] as const;
export type LabelSource = (typeof LABEL_SOURCES)[number];

/** Why a request gave no line. */
export const SKIP_REASONS = [
  /** Not a completed routing workflow with a result. */
  'unfinished',
  /** The recorded route is not in the recorded policy (or the request never routed). */
  'no-route',
  /** The route's candidates share one list price: no weak / strong split. */
  'single-tier-route',
  /** Nothing was learnt about either model (outages, degrades, rejects, a middle-priced model answering). */
  'no-evidence',
  /** Only the strong side is known (the strong model answered first). */
  'weak-unknown',
  /** The weak model was wrong and the strong model was not tried. */
  'strong-unknown',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** A mined label: which models were weak and strong, both labels, and the evidence. */
export interface ProductionLabel {
  weakModel: string;
  strongModel: string;
  weakCorrect: boolean;
  strongCorrect: boolean;
  /** The evidence, in the order found. */
  sources: LabelSource[];
  /** True when `strongCorrect` was not observed but filled: the weak model was right, so the strong one is taken as right. */
  strongFilled: boolean;
}

export type LabelVerdict = { kind: 'label'; label: ProductionLabel } | { kind: 'skip'; reason: SkipReason };

/**
 * The weak and strong model of a route: among its candidates (primary, fallbacks, strong-gain model), the cheapest
 * and the priciest by list price (input + output USD per 1M tokens; the first listed wins a tie). Null when every
 * candidate costs the same.
 */
export function weakAndStrong(policy: Policy, routeName: string): { weak: string; strong: string } | null {
  const route = policy.routes.find((candidate) => candidate.name === routeName);
  if (!route) return null;
  const names = [
    ...new Set([route.primary, ...route.fallbacks, ...(route.strongGain ? [route.strongGain.model] : [])]),
  ];
  const priced = names.flatMap((name) => {
    const model = policy.models[name];
    return model ? [{ name, price: model.price.inputPer1M + model.price.outputPer1M }] : [];
  });
  if (priced.length === 0) return null;
  const weak = priced.reduce((best, entry) => (entry.price < best.price ? entry : best));
  const strong = priced.reduce((best, entry) => (entry.price > best.price ? entry : best));
  return weak.price === strong.price ? null : { weak: weak.name, strong: strong.name };
}

/**
 * The label of one finished request, from its recorded policy, result and the newest feedback on it (null: none).
 * Rules, per model M (only the route's weak and strong models count):
 * - M ✗ when an answer of M failed the response format (`format-failure`; a fallback after it is an escalation);
 * - the answering model ✓ when its answer went out unreviewed (`accepted`);
 * - review: approve-draft → draft model ✓; reply-with-text → draft model ✗; reroute-to-model → draft model ✗ and
 *   the rerouted model ✓ when it answered; reject → nothing;
 * - feedback on the answering model overrides: good ✓, bad ✗ (and nothing is `accepted` after bad feedback).
 * Both sides known → a line. Weak ✓ and strong untried → strong ✓ (`strongFilled`). Any other gap → skipped.
 */
export function productionLabel(policy: Policy, result: RouteResult, feedback: 'good' | 'bad' | null): LabelVerdict {
  if (result.route === null) return { kind: 'skip', reason: 'no-route' };
  if (!policy.routes.some((route) => route.name === result.route)) return { kind: 'skip', reason: 'no-route' };
  const pair = weakAndStrong(policy, result.route);
  if (!pair) return { kind: 'skip', reason: 'single-tier-route' };
  const known = new Map<string, boolean>();
  const sources: LabelSource[] = [];
  const note = (model: string | null, correct: boolean, source: LabelSource) => {
    if (model === null || (model !== pair.weak && model !== pair.strong)) return;
    known.set(model, correct);
    if (!sources.includes(source)) sources.push(source);
  };
  const answers = result.attempts.filter((attempt) => attempt.role !== 'classify');
  for (const attempt of answers) if (attempt.formatFailure) note(attempt.model, false, 'format-failure');
  const review = result.review;
  if (review) {
    const draft = lastOk(answers, 'draft')?.model ?? null;
    if (review.decision === 'approve-draft') note(draft, true, 'review-approve');
    else if (review.decision === 'reply-with-text') note(draft, false, 'review-rewrite');
    else if (review.decision === 'reroute-to-model') {
      note(draft, false, 'review-reroute');
      if (result.model !== null && lastOk(answers, 'reviewer-reroute')) note(result.model, true, 'review-reroute');
    }
  } else if (result.outcome === 'answered' && result.model !== null && feedback !== 'bad') {
    note(result.model, true, 'accepted');
  }
  if (feedback !== null && result.model !== null)
    note(result.model, feedback === 'good', feedback === 'good' ? 'feedback-good' : 'feedback-bad');
  const weakCorrect = known.get(pair.weak);
  const strongCorrect = known.get(pair.strong);
  if (weakCorrect === undefined && strongCorrect === undefined) return { kind: 'skip', reason: 'no-evidence' };
  if (weakCorrect === undefined) return { kind: 'skip', reason: 'weak-unknown' };
  if (strongCorrect === undefined && !weakCorrect) return { kind: 'skip', reason: 'strong-unknown' };
  return {
    kind: 'label',
    label: {
      weakModel: pair.weak,
      strongModel: pair.strong,
      weakCorrect,
      strongCorrect: strongCorrect ?? true,
      sources,
      strongFilled: strongCorrect === undefined,
    },
  };
}

function lastOk(attempts: readonly AttemptRecord[], role: AttemptRecord['role']): AttemptRecord | undefined {
  return attempts.findLast((attempt) => attempt.ok && attempt.role === role);
}
