import type { Policy } from '../policy/schema.js';
import type { RouteResult } from '../policy/types.js';
import { answerAttempts } from './lifecycle.js';

/** Kinds of quality-direction routing errors: the first choice was too weak. */
export const QUALITY_ERROR_KINDS = ['escalated', 'reviewer-rerouted', 'format-failure'] as const;
export type QualityErrorKind = (typeof QUALITY_ERROR_KINDS)[number];

/** Routing errors in both directions; rates are shares of all requests (0..1). */
export interface RoutingErrors {
  /**
   * Too weak: a fallback to a stronger model answered (`escalated`), a reviewer rerouted to a stronger model
   * (`reviewer-rerouted`), an answer failed the format check (`format-failure`). A request counts once in `count`,
   * once per kind in `byKind`.
   */
  quality: { count: number; rate: number; byKind: Record<QualityErrorKind, number> };
  /** Too strong: a reviewer approved the draft of a model cheaper than the first one (the only case known). */
  cost: { count: number; rate: number };
  /** How the directions were judged. */
  note: string;
}

const NOTE =
  'stronger = higher list price (input + output per 1M tokens) in the active policy, unknown models count as ' +
  'stronger; cost errors are known only where a reviewer approved a cheaper model’s draft, else 0';

/** Classifies each request's routing error (if any) by direction. Pure. */
export function computeRoutingErrors(
  results: readonly RouteResult[],
  policy: Pick<Policy, 'models' | 'routes'> | null,
): RoutingErrors {
  const price = (model: string) => {
    const config = policy?.models[model];
    return config ? config.price.inputPer1M + config.price.outputPer1M : null;
  };
  const stronger = (model: string, than: string) => {
    const [a, b] = [price(model), price(than)];
    return a === null || b === null ? model !== than : a > b;
  };
  const byKind: Record<QualityErrorKind, number> = { escalated: 0, 'reviewer-rerouted': 0, 'format-failure': 0 };
  let quality = 0;
  let cost = 0;
  for (const result of results) {
    const attempts = answerAttempts(result);
    const first = attempts[0]?.model;
    if (first === undefined) continue;
    const kinds: QualityErrorKind[] = [];
    const answeredBy = attempts.find((attempt) => attempt.ok && attempt.model === result.model);
    if (answeredBy?.role === 'fallback' && stronger(answeredBy.model, first)) kinds.push('escalated');
    if (attempts.some((attempt) => attempt.role === 'reviewer-reroute' && stronger(attempt.model, first))) {
      kinds.push('reviewer-rerouted');
    }
    if (attempts.some((attempt) => attempt.formatFailure)) kinds.push('format-failure');
    for (const kind of kinds) byKind[kind] += 1;
    if (kinds.length > 0) quality += 1;
    // The route's own choice: its primary in the active policy, else the first model that was not a draft.
    const chosen =
      policy?.routes.find((route) => route.name === result.route)?.primary ??
      attempts.find((attempt) => attempt.role !== 'draft')?.model;
    const draft = attempts.find((attempt) => attempt.role === 'draft' && attempt.ok);
    if (result.review?.decision === 'approve-draft' && draft && chosen && stronger(chosen, draft.model)) cost += 1;
  }
  const rate = (count: number) => (results.length === 0 ? 0 : count / results.length);
  return {
    quality: { count: quality, rate: rate(quality), byKind },
    cost: { count: cost, rate: rate(cost) },
    note: NOTE,
  };
}
