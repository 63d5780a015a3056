import { costUsd } from './cost.js';
import { type Candidate, type RoutePlan, TOKEN_ESTIMATE_MARGIN } from './decide-route.js';
import type { ModelConfig } from './schema.js';

/** Fewest output tokens worth an attempt when the cost cap forces a smaller output cap. @default 16 */
export const MIN_OUTPUT_TOKENS = 16;

/** What one attempt may cost, decided before it is made. */
export type AttemptBudget =
  | {
      ok: true;
      /** Output cap sent to the provider (`max_tokens`), tokens: the candidate's, or less so the worst case fits. */
      maxOutputTokens: number;
      /** True when the cap lowered the output cap. */
      capped: boolean;
      /** Input at the worst-case estimate plus the full output cap, USD. */
      worstCaseUsd: number;
    }
  | { ok: false; reason: string };

/** Spending a request has recorded so far: the cost cap covers all of it. */
export interface Spending {
  /** Cost of every attempt so far (first, retries, fallbacks, drafts, reroutes), USD. */
  spentUsd: number;
  /** Most input tokens a provider reported for this request; later estimates never go below it. */
  reportedInputTokens: number;
}

/** What a request's recorded attempts have spent, for the next ladder (drafts, reroutes) to continue from. */
export function spendingOf(attempts: readonly { costUsd: number; inputTokens: number }[]): Spending {
  return {
    spentUsd: attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0),
    reportedInputTokens: attempts.reduce((most, attempt) => Math.max(most, attempt.inputTokens), 0),
  };
}

/**
 * Checks one attempt against the route's cap before it is made: input at a worst-case estimate (the larger of
 * our count × the model's tokenFactor × a 10 % margin, and the most input tokens any provider reported for this
 * request) plus the whole output cap must fit in what is left. When only a smaller output fits, the output cap
 * sent to the provider is lowered so the worst case still fits; below MIN_OUTPUT_TOKENS the attempt is refused.
 */
export function attemptBudget(
  plan: RoutePlan,
  candidate: Candidate,
  model: ModelConfig,
  spending: Spending,
  /** Input tokens of this attempt's prompt (a fitted prompt is smaller). @default plan.inputTokens */
  promptTokens = plan.inputTokens,
): AttemptBudget {
  const estimated = Math.ceil(promptTokens * model.tokenFactor * TOKEN_ESTIMATE_MARGIN);
  const inputTokens = Math.max(estimated, spending.reportedInputTokens);
  const full = costUsd(model, inputTokens, candidate.maxOutputTokens);
  const cap = plan.maxCostUsd;
  if (cap === null || spending.spentUsd + full <= cap)
    return { ok: true, maxOutputTokens: candidate.maxOutputTokens, capped: false, worstCaseUsd: full };
  const left = cap - spending.spentUsd;
  const inputUsd = costUsd(model, inputTokens, 0);
  const perOutputToken = model.price.outputPer1M / 1_000_000;
  let affordable = Math.min(candidate.maxOutputTokens, Math.floor((left - inputUsd) / perOutputToken));
  while (affordable > 0 && spending.spentUsd + costUsd(model, inputTokens, affordable) > cap) affordable -= 1;
  if (!(affordable >= MIN_OUTPUT_TOKENS)) {
    const reason =
      `spent $${spending.spentUsd.toFixed(6)} of cap $${cap}; ~${inputTokens} input tokens plus ` +
      `${MIN_OUTPUT_TOKENS} output tokens on ${candidate.model} would exceed it`;
    return { ok: false, reason };
  }
  return { ok: true, maxOutputTokens: affordable, capped: true, worstCaseUsd: costUsd(model, inputTokens, affordable) };
}
