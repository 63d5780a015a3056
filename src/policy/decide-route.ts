import { type RouteCallSettings, routeCallSettings } from './attempt-decoding.js';
import { worstCaseAttemptCostUsd } from './cost.js';
import type { DegradeConfig } from './degrade-schema.js';
import { DEFAULT_MAX_RETRY_AFTER_MS, type OnErrorTable, onErrorTable } from './failover-schema.js';
import { type FitPlan, type PromptRungs, promptRungs } from './fit-plan.js';
import type { FitDecision } from './fit-prompt.js';
import { type RouteFacts, selectRoute } from './match-route.js';
import { requestNeedsTools, toolDefinitionTokens } from './request-tools.js';
import { reviewWhateverWasAsked } from './review-rules.js';
import type { Policy, RouteConfig } from './schema.js';
import { orderForTier, strongFirst } from './strong-gain-route.js';
import { TOKEN_ESTIMATE_MARGIN } from './token-estimate.js';
import type { DataClass, ResponseFormat, RouteRequest } from './types.js';

/** Limits that apply to every attempt of a request on its route (defaults filled in), ms. */
export interface RouteLimits {
  timeoutMs: number;
  firstTokenTimeoutMs: number;
  idleTimeoutMs: number;
  deadlineMs: number;
  retries: number;
  /** Wait before a retry without Retry-After, ms. */
  retryDelayMs: number;
  /** Longest Retry-After waited for; a longer one fails over at once, ms. */
  maxRetryAfterMs: number;
  /** Retry or fall back, per failover class (route over defaults over built-in defaults). */
  onError: OnErrorTable;
  maxOutputTokens: number;
}

/** Which rules decide: off only when replaying histories recorded before a rule existed. */
export interface DecisionRules {
  /**
   * The `failover-by-kind` rules: first-token limit defaulting to a third of the attempt, `onError`
   * reactions, `maxRetryAfterMs`. Off: the first-token limit defaults to the whole attempt. @default true
   */
  failoverByKind: boolean;
  /** Conversation review rules (docs/review.md); off for runs from before `request-rules-2026-12`. @default true */
  conversationRules?: boolean;
  /** Issue 18's plan rungs (`fitPrompt`, `degrade`): runs recorded with `request-rules-2026-12`. @default false */
  fitPrompt?: boolean;
}

export const CURRENT_RULES: DecisionRules = { failoverByKind: true, conversationRules: true, fitPrompt: true };

/**
 * First-token limit when the policy sets none, ms: a third of the attempt, at least 2 s, at most the attempt
 * (30 s attempt → 10 s), so a silent or slow-starting model fails over well before the attempt ends.
 */
export function defaultFirstTokenTimeoutMs(timeoutMs: number): number {
  return Math.min(timeoutMs, Math.max(2000, Math.round(timeoutMs / 3)));
}

/** A model the request may be sent to, in the order it will be tried. */
export interface Candidate {
  model: string;
  provider: string;
  contextTokens: number;
  /** Output cap for this model on this route, tokens. */
  maxOutputTokens: number;
  /** Input plus full output cap at registry prices, USD. */
  worstCaseCostUsd: number;
  /** Send a redacted copy (the provider may see public data, not the request's class). */
  redact: boolean;
  /** Shrink the prompt for this model (`fitPrompt`); absent: send it whole. */
  fit?: FitDecision;
}

export { TOKEN_ESTIMATE_MARGIN } from './token-estimate.js';

/**
 * Why a model may not take a request. `privacy` and `region` (data residency) mean no allowed provider:
 * when every model is excluded and one of them for these causes, `privacy.onNoAllowedProvider` decides.
 * `capability`: the plan needs JSON or tools and the model lacks the `json` / `tools` capability.
 */
export type ExclusionCause = 'privacy' | 'region' | 'capability' | 'context' | 'cost' | 'unknown-model';
/** A model of the route that may not be used for this request, and why. */
export type Exclusion = { model: string; cause: ExclusionCause; reason: string };

/** What the plan asks of every model besides privacy, size and cost. */
export interface CandidateNeeds {
  /** The answer must be JSON (route or request `responseFormat`): only models with the `json` capability. */
  json?: boolean;
  /** The request offers tools or its conversation has tool turns: only models with the `tools` capability. */
  tools?: boolean;
  /** The route's allowed provider regions (`regions`); unset: any. */
  regions?: readonly string[];
}

export interface RoutePlan extends Partial<RouteCallSettings> {
  route: string;
  /** Why this route. */
  reason: string;
  limits: RouteLimits;
  candidates: Candidate[];
  /** Models of the route that may not be used for this request, and why. */
  excluded: Exclusion[];
  maxCostUsd: number | null;
  /**
   * Estimated input tokens of the request (o200k, floored at chars/4; tool definitions estimated), before each
   * model's tokenFactor.
   */
  inputTokens: number;
  responseFormat: ResponseFormat | null;
  /** The request needs the `tools` capability (see `requestNeedsTools`). Absent on plans made before it: false. */
  needsTools?: boolean;
  system: string | null;
  degradeMessage: string;
  /** Set when a person must decide before any model answers. */
  upfrontReview: string | null;
  /** The route's fit rule (docs/failover.md#fit-the-prompt); absent: prompts are never shrunk. */
  fitPrompt?: FitPlan;
  /** The route's degrade mode (docs/failover.md#degrade-modes); absent: the static message. */
  degrade?: DegradeConfig;
}

export type RouteDecision = { kind: 'plan'; plan: RoutePlan } | { kind: 'reject'; reason: string };

/**
 * Decides the route and the ordered candidate models. The data class narrows providers first, before
 * cost or size are considered; fallbacks never widen it.
 */
export function decideRoute(
  policy: Policy,
  request: RouteRequest,
  facts: RouteFacts,
  rules: DecisionRules = CURRENT_RULES,
): RouteDecision {
  const selection = selectRoute(policy, request, facts);
  if (!selection.ok) return { kind: 'reject', reason: selection.reason };
  const { route } = selection;
  const limits = routeLimits(policy, route, request, rules);
  const inputTokens = facts.classification.complexity.inputTokens + toolDefinitionTokens(request);
  const candidates: Candidate[] = [];
  const excluded: Exclusion[] = [];
  const needsTools = requestNeedsTools(request);
  const forced = request.models && request.models.length > 0;
  let order = forced ? request.models! : [route.primary, ...route.fallbacks];
  let reason = selection.reason;
  if (!forced && route.strongGain) {
    const tier = strongFirst(route.strongGain, facts.classification.strongGain, policy.defaults.bias);
    order = orderForTier(order, route.strongGain.model, tier.strong);
    reason = `${reason}; ${tier.reason}`;
  }
  const needs = {
    json: (request.responseFormat ?? route.responseFormat) !== undefined,
    tools: needsTools,
    regions: route.regions,
  };
  const checkAt = (key: string, tokens: number) =>
    checkCandidate(policy, key, facts.dataClass, tokens, limits.maxOutputTokens, route.maxCostUsd, route.redact, needs);
  const unique = [...new Set(order)];
  for (const key of unique) {
    const checked = checkAt(key, inputTokens);
    if ('cause' in checked) excluded.push(checked);
    else candidates.push(checked);
  }
  const decided = { order: unique, candidates, excluded, inputTokens, maxOutputTokens: limits.maxOutputTokens };
  const rungs: PromptRungs<Candidate, Exclusion> = rules.fitPrompt
    ? promptRungs(policy, route, request, facts.classification, decided, checkAt)
    : decided;
  return {
    kind: 'plan',
    plan: {
      route: route.name,
      reason,
      limits,
      candidates: rungs.candidates,
      excluded: rungs.excluded,
      ...(rungs.fitPrompt ? { fitPrompt: rungs.fitPrompt } : {}),
      ...(rungs.degrade ? { degrade: rungs.degrade } : {}),
      maxCostUsd: route.maxCostUsd ?? null,
      inputTokens,
      responseFormat: request.responseFormat ?? route.responseFormat ?? null,
      ...(needsTools ? { needsTools } : {}),
      system: route.system ?? null,
      degradeMessage: route.degradeMessage ?? policy.defaults.degradeMessage,
      upfrontReview: reviewWhateverWasAsked(policy, request, route, facts, rules.conversationRules !== false),
      ...routeCallSettings(policy, route),
    },
  };
}

/** The route's limits with defaults filled in (policy snapshots recorded before a key existed lack it). */
export function routeLimits(
  policy: Policy,
  route: RouteConfig,
  request: RouteRequest,
  rules: DecisionRules = CURRENT_RULES,
): RouteLimits {
  const defaults = policy.defaults;
  const timeoutMs = route.timeoutMs ?? defaults.timeoutMs;
  const routeMaxOutput = route.maxOutputTokens ?? defaults.maxOutputTokens;
  const firstTokenDefault = rules.failoverByKind ? defaultFirstTokenTimeoutMs(timeoutMs) : timeoutMs;
  return {
    timeoutMs,
    firstTokenTimeoutMs: route.firstTokenTimeoutMs ?? defaults.firstTokenTimeoutMs ?? firstTokenDefault,
    idleTimeoutMs: route.idleTimeoutMs ?? defaults.idleTimeoutMs ?? timeoutMs,
    deadlineMs: route.deadlineMs ?? defaults.deadlineMs,
    retries: route.retries ?? defaults.retries,
    retryDelayMs: route.retryDelayMs ?? defaults.retryDelayMs,
    maxRetryAfterMs: route.maxRetryAfterMs ?? defaults.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
    onError: onErrorTable(defaults.onError, route.onError),
    maxOutputTokens: Math.min(request.maxOutputTokens ?? routeMaxOutput, routeMaxOutput),
  };
}

/**
 * Whether one model may take this request: privacy first, then region (the route's, and the data class's
 * in `privacy.regions`; a redacted copy counts as public), then the JSON and tools capabilities, context
 * window, cost cap.
 */
export function checkCandidate(
  policy: Policy,
  key: string,
  dataClass: DataClass,
  inputTokens: number,
  routeMaxOutputTokens: number,
  maxCostUsd: number | undefined,
  redactAllowed = false,
  needs: CandidateNeeds = {},
): Candidate | Exclusion {
  const model = policy.models[key];
  if (!model) return { model: key, cause: 'unknown-model', reason: `unknown model "${key}"` };
  const provider = policy.providers[model.provider];
  const mayRedact = redactAllowed && dataClass !== 'public' && provider?.dataClasses.includes('public') === true;
  if (!provider?.dataClasses.includes(dataClass) && !mayRedact) {
    return { model: key, cause: 'privacy', reason: `provider ${model.provider} may not see ${dataClass} data` };
  }
  const redact = !provider?.dataClasses.includes(dataClass);
  const sentClass = redact ? 'public' : dataClass;
  for (const [allowed, what] of [
    [needs.regions, 'the route'],
    [policy.privacy.regions?.[sentClass], `${sentClass} data`],
  ] as const) {
    if (allowed && !(provider?.region !== undefined && allowed.includes(provider.region))) {
      const where = provider?.region === undefined ? 'has no region' : `runs in ${provider.region}`;
      const reason = `provider ${model.provider} ${where}; ${what} may only go to ${allowed.join(', ')}`;
      return { model: key, cause: 'region', reason };
    }
  }
  // `=== true`: a policy recorded before the rule existed lacks the field, and replays as it ran then.
  if (needs.json && policy.defaults.requireCapabilities === true && !model.capabilities.includes('json')) {
    return { model: key, cause: 'capability', reason: `JSON answer requested; model ${key} lacks the json capability` };
  }
  // Requests with tools exist only since the rule did, so no recorded history replays differently.
  if (needs.tools && policy.defaults.requireCapabilities !== false && !model.capabilities.includes('tools')) {
    return { model: key, cause: 'capability', reason: `tools offered; model ${key} lacks the tools capability` };
  }
  const maxOutputTokens = Math.min(routeMaxOutputTokens, model.maxOutputTokens);
  const needed = Math.ceil(inputTokens * model.tokenFactor * TOKEN_ESTIMATE_MARGIN) + maxOutputTokens;
  if (needed > model.contextTokens) {
    return { model: key, cause: 'context', reason: `needs ~${needed} tokens, context window ${model.contextTokens}` };
  }
  const worstCaseCostUsd = worstCaseAttemptCostUsd(model, inputTokens, maxOutputTokens);
  if (maxCostUsd !== undefined && worstCaseCostUsd > maxCostUsd) {
    const reason = `one attempt may cost $${worstCaseCostUsd.toFixed(6)} > cap $${maxCostUsd}`;
    return { model: key, cause: 'cost', reason };
  }
  return {
    model: key,
    provider: model.provider,
    contextTokens: model.contextTokens,
    maxOutputTokens,
    worstCaseCostUsd,
    redact,
  };
}

/**
 * A plan with a single model chosen outside route matching (reviewer reroute, review-timeout model,
 * draft). Privacy, regions, the JSON capability and context still apply, and so does the route's cost cap:
 * the ladder checks every attempt against what the whole request has spent. Returns the reason when the
 * model may not be used.
 */
export function planForModel(
  policy: Policy,
  base: RoutePlan,
  key: string,
  dataClass: DataClass,
  inputTokens: number,
): RoutePlan | string {
  const needs = {
    json: base.responseFormat !== null,
    tools: base.needsTools === true,
    regions: policy.routes.find((route) => route.name === base.route)?.regions,
  };
  const { maxOutputTokens } = base.limits;
  // The plan's estimate includes the tool definitions; the classification's does not.
  const tokens = Math.max(inputTokens, base.inputTokens);
  const checked = checkCandidate(policy, key, dataClass, tokens, maxOutputTokens, undefined, false, needs);
  if ('cause' in checked) return checked.reason;
  return { ...base, candidates: [checked], excluded: [], upfrontReview: null };
}
