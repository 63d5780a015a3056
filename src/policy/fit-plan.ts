import type { DegradeConfig } from './degrade-schema.js';
import { type FitDecision, fitMessages, type PromptMeasure } from './fit-prompt.js';
import type { FitPromptConfig, FitPromptStrategy } from './fit-prompt-schema.js';
import type { ModelConfig, Policy, RouteConfig } from './schema.js';
import { TOKEN_ESTIMATE_MARGIN } from './token-estimate.js';
import type { AttemptRecord, ChatMessage, Classification } from './types.js';

/**
 * Where the plan decides the new rungs (issue 18): which candidates get their prompt fitted instead of being
 * skipped (`fitPrompt`), and the route's degrade mode. Pure; applied by decideRoute only under the rules of runs
 * recorded with the `request-rules-2026-12` marker (DecisionRules.fitPrompt), so older histories decide as before.
 */

/** The route's fit rule as the plan carries it (absent: the route does not fit prompts). */
export interface FitPlan {
  strategy: Exclude<FitPromptStrategy, 'none'>;
  /** Cost pruning: every attempt's prompt at most this many input tokens. null: only to fit windows. */
  maxInputTokens: number | null;
  /** Smallest prompt the strategy can make of this request, plan units: a target below it cannot be met. */
  minTokens: number;
  /** The request's size in plan units (messages measured, tool definitions besides). */
  measure: PromptMeasure;
}

/** Share of the prompt a retry keeps after a provider's context-length error on a fitted or whole prompt. @default 0.5 */
export const REFIT_SHARE = 0.5;

/** A candidate check at a given input size: the candidate, or why the model may not take the request. */
type CheckAt<C, E> = (key: string, inputTokens: number) => C | E;

/** The fit rule that applies to a request on a route (route over defaults; `when` on the classification), or null. */
export function fitRuleFor(
  policy: Policy,
  route: RouteConfig,
  classification: Classification,
): { strategy: FitPlan['strategy']; maxInputTokens: number | null } | null {
  const config: FitPromptConfig | undefined = route.fitPrompt ?? policy.defaults.fitPrompt;
  if (config === undefined) return null;
  const rule = typeof config === 'string' ? { strategy: config } : config;
  if (rule.strategy === 'none') return null;
  if (typeof rule === 'object' && 'when' in rule && rule.when) {
    if (rule.when.risk && !rule.when.risk.includes(classification.risk)) return null;
    if (rule.when.intent && !rule.when.intent.includes(classification.intent)) return null;
  }
  const maxInputTokens = 'maxInputTokens' in rule ? (rule.maxInputTokens ?? null) : null;
  return { strategy: rule.strategy, maxInputTokens };
}

/** The route's degrade config (route over defaults), or undefined: the static message. */
export function degradeConfigFor(policy: Policy, route: RouteConfig): DegradeConfig | undefined {
  return route.degrade ?? policy.defaults.degrade;
}

/** Largest input (plan units) a model takes with this output cap: the inverse of checkCandidate's window check. */
export function windowInputTokens(model: ModelConfig, maxOutputTokens: number, margin: number): number {
  return Math.floor(
    (model.contextTokens - Math.min(maxOutputTokens, model.maxOutputTokens)) / (model.tokenFactor * margin),
  );
}

/**
 * Candidates with fitted prompts: a model excluded only for its context window is kept when the strategy can shrink
 * the request to its window (its cost checked at the fitted size); with `maxInputTokens` every candidate's prompt is
 * pruned to it. Order follows `order` (the route's model order).
 */
export function fitCandidates<
  C extends { model: string; fit?: FitDecision },
  E extends { model: string; cause: string; reason: string },
>(
  input: {
    policy: Policy;
    order: readonly string[];
    candidates: C[];
    excluded: E[];
    messages: readonly ChatMessage[];
    rule: { strategy: FitPlan['strategy']; maxInputTokens: number | null };
    measure: PromptMeasure;
    maxOutputTokens: number;
    margin: number;
  },
  checkAt: CheckAt<C, E>,
): { candidates: C[]; excluded: E[]; fitPlan: FitPlan } {
  const { policy, rule, measure } = input;
  const inputTokens = measure.messagesTokens + measure.otherTokens;
  const shrinkable = rule.strategy === 'truncate-middle' ? 'truncate-middle' : 'drop-oldest';
  const minTokens = fitMessages(input.messages, shrinkable, 0, measure).tokens;
  const fitPlan: FitPlan = { strategy: rule.strategy, maxInputTokens: rule.maxInputTokens, minTokens, measure };
  const pruneTo = rule.maxInputTokens === null ? null : Math.max(rule.maxInputTokens, minTokens);
  const candidates: C[] = [];
  const excluded: E[] = [];
  for (const key of input.order) {
    const kept = input.candidates.find((candidate) => candidate.model === key);
    const refused = input.excluded.find((exclusion) => exclusion.model === key);
    if (kept) {
      const fit = pruneTo !== null && pruneTo < inputTokens ? decision(rule.strategy, pruneTo, 'cost') : null;
      candidates.push(fit ? (refit(kept, checkAt(key, fit.targetTokens), fit, excluded) ?? kept) : kept);
      continue;
    }
    if (!refused) continue;
    const model = policy.models[key];
    if (refused.cause !== 'context' || !model) {
      excluded.push(refused);
      continue;
    }
    const window = windowInputTokens(model, input.maxOutputTokens, input.margin);
    const target = Math.min(window, pruneTo ?? window);
    if (target < minTokens) {
      excluded.push({ ...refused, reason: `${refused.reason}; ${rule.strategy} cannot shrink it below ~${minTokens}` });
      continue;
    }
    const fitted = refit<C, E>(null, checkAt(key, target), decision(rule.strategy, target, 'context'), excluded);
    if (fitted) candidates.push(fitted);
  }
  return { candidates, excluded, fitPlan };
}

function decision(strategy: FitPlan['strategy'], targetTokens: number, cause: FitDecision['cause']): FitDecision {
  return { strategy, targetTokens, cause };
}

/** The candidate checked at the fitted size, with its fit; a refusal there goes to `excluded` (null returned). */
function refit<C extends { fit?: FitDecision }, E>(
  kept: C | null,
  checked: C | E,
  fit: FitDecision,
  excluded: E[],
): C | null {
  if (typeof checked === 'object' && checked !== null && 'cause' in checked) {
    if (kept === null) excluded.push(checked as E);
    return null;
  }
  return { ...(checked as C), fit } as C;
}

/**
 * After a provider's context-length error: the same candidate again with the prompt shrunk to REFIT_SHARE of what
 * was sent (never below what the strategy can reach), once per candidate. null: no fit rule, another error, already
 * refitted, or nothing left to shrink (then the ladder looks for a larger window, as before).
 */
export function refitAfterError(
  fitPlan: FitPlan | undefined,
  last: AttemptRecord,
  sent: { targetTokens: number | null; refitted: boolean; inputTokens: number },
): FitDecision | null {
  if (!fitPlan || last.errorType !== 'ContextLengthExceeded' || sent.refitted) return null;
  const before = sent.targetTokens ?? sent.inputTokens;
  const target = Math.max(fitPlan.minTokens, Math.floor(before * REFIT_SHARE));
  if (target >= before) return null;
  return decision(fitPlan.strategy, target, 'context-error');
}

/** What the new rungs add to a plan: candidates with fits, the fit rule, the degrade mode. */
export interface PromptRungs<C, E> {
  candidates: C[];
  excluded: E[];
  fitPrompt?: FitPlan;
  degrade?: DegradeConfig;
}

/** The plan's rungs on a route: fitted candidates when the route's fit rule applies, and its degrade config. */
export function promptRungs<
  C extends { model: string; fit?: FitDecision },
  E extends { model: string; cause: string; reason: string },
>(
  policy: Policy,
  route: RouteConfig,
  request: { messages: readonly ChatMessage[] },
  classification: Classification,
  decided: { order: readonly string[]; candidates: C[]; excluded: E[]; inputTokens: number; maxOutputTokens: number },
  checkAt: CheckAt<C, E>,
): PromptRungs<C, E> {
  const degrade = degradeConfigFor(policy, route);
  const base = { candidates: decided.candidates, excluded: decided.excluded, ...(degrade ? { degrade } : {}) };
  const rule = fitRuleFor(policy, route, classification);
  if (rule === null) return base;
  const messagesTokens = classification.complexity.inputTokens;
  const measure = { messagesTokens, otherTokens: Math.max(0, decided.inputTokens - messagesTokens) };
  const fitted = fitCandidates(
    { policy, ...decided, messages: request.messages, rule, measure, margin: TOKEN_ESTIMATE_MARGIN },
    checkAt,
  );
  return { ...base, candidates: fitted.candidates, excluded: fitted.excluded, fitPrompt: fitted.fitPlan };
}
