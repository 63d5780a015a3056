import { z } from 'zod';
import { AccessSchema } from './access-schema.js';
import { BudgetSchema } from './budget-schema.js';
import { RouteCacheSchema } from './cache-schema.js';
import { checkPolicy } from './check-policy.js';
import { CircuitBreakerSchema } from './circuit-schema.js';
import { CallSettingsShape, ModelDecodingShape } from './decoding-schema.js';
import { DEFAULT_MAX_RETRY_AFTER_MS, OnErrorSchema } from './failover-schema.js';
import { FastPathShape } from './fast-path-schema.js';
import { HedgeSchema } from './hedge-schema.js';
import { ClassifierSchema, PrivacySchema } from './privacy-schema.js';
import { PromptRungsShape } from './prompt-rungs-schema.js';
import { DefaultsQualityInterimShape, RouteQualityInterimShape } from './quality-interim-schema.js';
import { QuotaSchema } from './quota-schema.js';
import { ResponseFormatSchema } from './request-schema.js';
import { ReviewSchema, RouteReviewSchema } from './review-schema.js';
import {
  DataClass,
  HttpUrl,
  Name,
  NonNegativeMs,
  oneOrMany,
  PolicyPatternSchema,
  PositiveMs,
  Probability,
  Regions,
  Risk,
} from './schema-primitives.js';
import { StrongGainTierSchema } from './strong-gain-schema.js';
import { VerifySchema } from './verify-schema.js';

export { ClassifierSchema, CustomPrivacyRuleSchema, PrivacySchema } from './privacy-schema.js';
export { ReviewSchema } from './review-schema.js';
export { PolicyPatternSchema } from './schema-primitives.js';

/** The policy file schema, the one source of truth for what a policy may say (`Policy` is recorded in history). */

export const ProviderSchema = z.strictObject({
  /** Wire protocol. */
  kind: z.enum(['openai-compatible', 'anthropic']),
  /** Base URL of the API (OpenAI-compatible ones usually end in /v1). */
  baseURL: HttpUrl.optional(),
  /** Environment variable (read by the worker) that overrides `baseURL`. */
  baseURLEnv: z.string().optional(),
  /** Environment variable (read by the worker) holding the API key. Never put keys in the policy. */
  apiKeyEnv: z.string().optional(),
  /** Extra HTTP headers (no secrets). */
  headers: z.record(z.string(), z.string()).optional(),
  /** Data classes this provider may see. */
  dataClasses: z.array(DataClass).min(1),
  /**
   * Where the provider runs, e.g. `eu`. Region restrictions (route `regions`, `privacy.regions`) admit
   * only providers whose region they name; a provider without one is excluded wherever a restriction applies.
   */
  region: z.string().min(1).optional(),
  /** Served by Switchyard's built-in fake provider; `dev`/`demo` start it and point the worker at it. */
  fakeProvider: z.boolean().default(false),
  /** Circuit-breaker settings for this provider's models, over the policy's `circuitBreaker`. */
  circuitBreaker: CircuitBreakerSchema.optional(),
});

/** A model's output cap when the policy names none, tokens. */
const DEFAULT_MODEL_MAX_OUTPUT_TOKENS = 4096;

export const ModelSchema = z
  .strictObject({
    /** Provider key. */
    provider: Name,
    /** Model id sent to the provider. */
    id: z.string().min(1),
    /** Context window in tokens (input + output). */
    contextTokens: z.number().int().positive(),
    /** Output cap the model supports, tokens; must be below `contextTokens`. @default 4096 */
    maxOutputTokens: z.number().int().positive().optional().meta({ default: DEFAULT_MODEL_MAX_OUTPUT_TOKENS }),
    /** Prices in USD per million tokens. */
    price: z.strictObject({ inputPer1M: z.number().nonnegative(), outputPer1M: z.number().nonnegative() }),
    /** What the model can do; a JSON `responseFormat` (route or request) needs `json`. @default [] */
    capabilities: z.array(z.enum(['json', 'tools', 'vision', 'long-context'])).default([]),
    /** Multiplier on our o200k token estimate for models with other tokenizers. @default 1 */
    tokenFactor: z.number().positive().default(1),
    /** Circuit-breaker settings for this model, over its provider's and the policy's. */
    circuitBreaker: CircuitBreakerSchema.optional(),
    ...ModelDecodingShape,
  })
  .superRefine((model, context) => {
    if (model.maxOutputTokens !== undefined && model.maxOutputTokens >= model.contextTokens) {
      const message = `maxOutputTokens ${model.maxOutputTokens} must be below contextTokens ${model.contextTokens}`;
      context.addIssue({ code: 'custom', path: ['maxOutputTokens'], message, input: model.maxOutputTokens });
    }
  })
  .transform((model) => ({ ...model, maxOutputTokens: model.maxOutputTokens ?? DEFAULT_MODEL_MAX_OUTPUT_TOKENS }));

export const IntentSchema = z.strictObject({
  risk: Risk.default('low'),
  description: z.string().optional(),
  /** Case-insensitive phrases; a whole-word match votes for the intent. */
  keywords: z.array(z.string().min(1)).default([]),
  /**
   * Regular expressions (RE2 syntax, case-insensitive, linear-time: no backreferences, no lookaround, no
   * nested unbounded quantifiers such as `(a+)+`; at most 1000 characters).
   */
  patterns: z.array(PolicyPatternSchema).default([]),
  /** Example requests; they train the local classifier. */
  examples: z.array(z.string().min(1)).default([]),
});

const RouteWhenSchema = z.strictObject({
  intent: oneOrMany(z.string()).optional(),
  risk: oneOrMany(Risk).optional(),
  dataClass: oneOrMany(DataClass).optional(),
  /** Matches only when the classifier is at least this confident. */
  minConfidence: Probability.optional(),
  /** Matches only when the classifier is below this confidence. */
  maxConfidence: Probability.optional(),
  minInputTokens: z.number().int().nonnegative().optional(),
  maxInputTokens: z.number().int().nonnegative().optional(),
  /** Request metadata that must match (value or any of the values). */
  metadata: z.record(z.string(), oneOrMany(z.string())).optional(),
  /**
   * Language of the last user message, ISO 639-1 (`de`, `[fr, es]`), or `und` for too short or unsure
   * (docs/policy-rollout.md#lifecycle-and-segments).
   */
  locale: oneOrMany(z.string().regex(/^([a-z]{2}|und)$/, 'an ISO 639-1 code such as de, or und')).optional(),
});

/** Where a route is in its life: `experimental` (new, watched), `managed` (normal), `deprecated` (to remove). */
export const ROUTE_STAGES = ['experimental', 'managed', 'deprecated'] as const;

/** Limits a route may override; unset values come from `defaults`. */
const LimitsShape = {
  /** Per-attempt limit, ms. */
  timeoutMs: PositiveMs.optional(),
  /**
   * Request start to first token, per attempt, ms; no response headers within it is `NoResponse`, headers but
   * no token `FirstTokenTimeout`. @default min(timeoutMs, max(2000, round(timeoutMs / 3))): 10 s for a 30 s attempt
   */
  firstTokenTimeoutMs: PositiveMs.optional(),
  /** Longest silence inside a stream, ms. */
  idleTimeoutMs: PositiveMs.optional(),
  /** Whole request, all attempts (not review waits), ms. */
  deadlineMs: PositiveMs.optional(),
  /** Extra attempts of the same model on a transient error whose `onError` reaction is `retry`. */
  retries: z.number().int().min(0).max(3).optional(),
  /** Wait before a retry when the provider gives no Retry-After, ms. */
  retryDelayMs: NonNegativeMs.optional(),
  /**
   * Longest Retry-After honoured by waiting before the retry, ms; a longer one fails over at once (said so in
   * the trail). @default 5000
   */
  maxRetryAfterMs: NonNegativeMs.optional().meta({ default: DEFAULT_MAX_RETRY_AFTER_MS }),
  /** Per error class, `retry` the same model or `fallback` to the next at once; merged key by key over defaults. */
  onError: OnErrorSchema.optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  ...CallSettingsShape, // repair, adjustedRetry, decoding, callerDecoding, decodingLimits (decoding-schema.ts)
};

export const RouteSchema = z.strictObject({
  name: Name,
  description: z.string().optional(),
  /** Conditions (all must hold); a route without `when` matches everything. */
  when: RouteWhenSchema.optional(),
  primary: Name,
  fallbacks: z.array(Name).default([]),
  /**
   * Provider regions this route may use (e.g. `[eu]`): models on providers elsewhere, or without a
   * `region`, are excluded (cause `region`). Applies on top of `privacy.regions`. @default any region
   */
  regions: Regions.optional(),
  ...LimitsShape,
  /** Cap on the estimated cost of all attempts of one request, USD. */
  maxCostUsd: z.number().positive().optional(),
  responseFormat: ResponseFormatSchema.optional(),
  /** System prompt prepended to the conversation. */
  system: z.string().optional(),
  /**
   * Providers that may not see the request's data class but may see public data get a redacted copy
   * (personal data replaced by typed placeholders such as `[CREDIT_CARD]`) instead of being skipped.
   * @default false
   */
  redact: z.boolean().default(false),
  /** `always` parks every request for a person; `never` opts out; `auto` follows the review rules. @default auto */
  review: RouteReviewSchema.default('auto'),
  /** Overrides the policy's degrade message on this route. */
  degradeMessage: z.string().optional(),
  ...PromptRungsShape,
  /**
   * How the gateway answers a policy-blocked request (a provider refused the content): `error`, an OpenAI-style
   * `content_policy_violation` error; `message`, the safe (degrade) message with `finish_reason: content_filter`.
   * @default error
   */
  blockedReply: z.enum(['error', 'message']).optional().meta({ default: 'error' }),
  /**
   * A critical route keeps its tier during a spend spike (budgets' `spike`); other routes step down to the next
   * cheaper candidate until spend settles. @default false
   */
  critical: z.boolean().optional().meta({ default: false }),
  /** Strong model first when the request's strongGain passes a threshold or target share (docs/router.md). */
  strongGain: StrongGainTierSchema.optional(),
  /** Start a second model when the first has not answered in time; first valid answer wins (docs/failover.md). */
  hedge: HedgeSchema.optional(),
  /** Answers to `public` requests served again for `ttlSeconds` at no cost (docs/router.md, "Answer cache"). */
  cache: RouteCacheSchema.optional(),
  /**
   * Verify a cheap model's answer before accepting it; a failed check escalates to a stronger candidate
   * (docs/router.md#cascade), on requests started after the `difficulty-routing` change. @default none */
  verify: VerifySchema.optional(),
  /**
   * Lifecycle stage (ROUTE_STAGES): `policy check` warns on `deprecated` routes, `switchyard report` lists their
   * traffic. Optional, so policies without it hash as before. @default managed */
  stage: z.enum(ROUTE_STAGES).optional().meta({ default: 'managed' }),
  ...FastPathShape,
  /** Who answers for the route (a team or person), shown in reports. @default none */
  owner: z.string().min(1).max(200).optional(),
  ...RouteQualityInterimShape,
});

export const DefaultsSchema = z.strictObject({
  /** Which way to err when the classifier is unsure: toward capability (quality) or price (cost). */
  bias: z.enum(['quality', 'cost']).default('quality'),
  timeoutMs: PositiveMs.default(4000),
  /**
   * Request start to first token, per attempt, ms; no response headers within it is `NoResponse`, headers but
   * no token `FirstTokenTimeout`. @default min(timeoutMs, max(2000, round(timeoutMs / 3))): 10 s for a 30 s attempt
   */
  firstTokenTimeoutMs: PositiveMs.optional(),
  idleTimeoutMs: PositiveMs.optional(),
  deadlineMs: PositiveMs.default(12_000),
  retries: z.number().int().min(0).max(3).default(1),
  retryDelayMs: NonNegativeMs.default(250),
  /** Longest Retry-After honoured by waiting, ms; a longer one fails over at once. @default 5000 */
  maxRetryAfterMs: NonNegativeMs.optional().meta({ default: DEFAULT_MAX_RETRY_AFTER_MS }),
  /** Per error class, `retry` or `fallback`; unset classes take the built-in defaults (docs/failover.md). */
  onError: OnErrorSchema.optional(),
  maxOutputTokens: z.number().int().positive().default(1024),
  ...CallSettingsShape,
  /** Below this confidence the classification counts as unsure. @default 0.5 */
  minConfidence: Probability.default(0.5),
  /**
   * Exclude, at run time, models lacking a capability the answer needs (`json` for a JSON responseFormat,
   * the route's or the caller's). Policies recorded before this rule have no such field and replay
   * without it (docs/workflow-changes.md). @default true
   */
  requireCapabilities: z.boolean().default(true),
  degradeMessage: z
    .string()
    .default('Thanks for your message. We need a little more time to answer it; a person will follow up shortly.'),
  ...DefaultsQualityInterimShape,
  ...PromptRungsShape,
});

export const PolicySchema = z
  .strictObject({
    /** Editor hint for the JSON Schema; ignored. */
    $schema: z.string().optional(),
    /** Policy version, recorded in every workflow history. */
    version: z.string().min(1),
    description: z.string().optional(),
    defaults: DefaultsSchema.prefault({}),
    providers: z.record(Name, ProviderSchema),
    models: z.record(Name, ModelSchema),
    intents: z.record(Name, IntentSchema).default({}),
    routes: z.array(RouteSchema).min(1),
    privacy: PrivacySchema.prefault({}),
    review: ReviewSchema.prefault({}),
    classifier: ClassifierSchema.prefault({}),
    /** Who may force routes or models, and which metadata routes may match on. @default nobody forces */
    access: AccessSchema.prefault({}),
    /**
     * Spend budgets across requests (docs/budgets.md), kept exactly by ledger workflows. Optional: a policy
     * without budgets parses (and hashes) as before and runs no budget activities. @default none
     */
    budgets: z.array(BudgetSchema).max(50).optional(),
    /**
     * Shares of requests or spend a model or provider may take in a period (docs/budgets.md#quotas), kept exactly
     * by quota ledger workflows; over quota the next candidate outside the target is used. @default none
     */
    quotas: z.array(QuotaSchema).max(50).optional(),
    /**
     * Provider health shared by all workers (docs/circuit-breaker.md): on by default with the defaults shown;
     * `providers.<key>.circuitBreaker` and `models.<key>.circuitBreaker` override key by key.
     */
    circuitBreaker: CircuitBreakerSchema.optional(),
  })
  .superRefine(checkPolicy);

export type Policy = z.output<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;
export type ProviderConfig = Policy['providers'][string];
export type ModelConfig = Policy['models'][string];
export type IntentConfig = Policy['intents'][string];
export type RouteConfig = Policy['routes'][number];
export type RouteWhen = NonNullable<RouteConfig['when']>;
export type ReviewConfig = Policy['review'];
export type PrivacyConfig = Policy['privacy'];
export type { BudgetConfig } from './budget-schema.js';
export type { QuotaConfig } from './quota-schema.js';
