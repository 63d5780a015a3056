import { z } from 'zod';
import { AccessSchema } from './access-schema.js';
import { checkPolicySafety, MAX_REVIEW_DEADLINE_MS, MAX_TIMER_MS } from './check-policy-safety.js';
import { checkReferences } from './check-references.js';
import { parseDurationMs } from './duration.js';
import { ResponseFormatSchema } from './request-schema.js';
import { compileSafePattern } from './safe-pattern.js';
import { DATA_CLASSES, ENTITY_TYPES, REVIEW_DECISIONS, RISK_LEVELS } from './types.js';

/**
 * The policy file schema: the single source of truth for what a policy may say. The parsed value
 * (`Policy`) flows into the workflow as input, so its history records exactly which policy decided.
 */

const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-"');
const DataClass = z.enum(DATA_CLASSES);
const EntityType = z.enum(ENTITY_TYPES);
const Risk = z.enum(RISK_LEVELS);
const Probability = z.number().min(0).max(1);
const timerBound = `at most ${MAX_TIMER_MS} ms (2^31 − 1, about 24.8 days; longer timers fire at once)`;
const PositiveMs = z.number().int().positive().max(MAX_TIMER_MS, timerBound);
const NonNegativeMs = z.number().int().nonnegative().max(MAX_TIMER_MS, timerBound);

/** A duration: milliseconds as a number, or a string like `250ms`, `4s`, `30m`, `4h`, `1d`. */
const Duration = z.union([z.number().int().nonnegative(), z.string()]).transform((value, context) => {
  const ms = parseDurationMs(value);
  if (ms === undefined) {
    context.addIssue({ code: 'custom', message: `invalid duration "${value}" (use e.g. 500ms, 4s, 30m, 4h, 1d)` });
    return z.NEVER;
  }
  return ms;
});

/** Only http: and https: (a bare `z.url()` also takes `javascript:`, `file:` and others). */
const HttpUrl = z.url({ protocol: /^https?$/, error: 'use an http: or https: URL' });

/**
 * A policy regular expression: RE2 syntax, matched in linear time, case-insensitive; rejected when it does
 * not compile, nests unbounded quantifiers or is too long (see safe-pattern.ts).
 */
export const PolicyPatternSchema = z
  .string()
  .min(1)
  .superRefine((source, context) => {
    const compiled = compileSafePattern(source);
    if (!compiled.ok) context.addIssue({ code: 'custom', message: compiled.message, input: source });
  });

/** Region names (matched against providers' `region`). */
const Regions = z.array(z.string().min(1)).min(1);

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);

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
});

/** Limits a route may override; unset values come from `defaults`. */
const LimitsShape = {
  /** Per-attempt limit, ms. */
  timeoutMs: PositiveMs.optional(),
  /** Request start to first token, per attempt, ms. */
  firstTokenTimeoutMs: PositiveMs.optional(),
  /** Longest silence inside a stream, ms. */
  idleTimeoutMs: PositiveMs.optional(),
  /** Whole request, all attempts (not review waits), ms. */
  deadlineMs: PositiveMs.optional(),
  /** Extra attempts of the same model on a transient error. */
  retries: z.number().int().min(0).max(3).optional(),
  /** Wait before a retry when the provider gives no Retry-After, ms. */
  retryDelayMs: NonNegativeMs.optional(),
  maxOutputTokens: z.number().int().positive().optional(),
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
  /** `always` parks every request for a person; `auto` follows the review rules. @default auto */
  review: z.enum(['always', 'never', 'auto']).default('auto'),
  /** Overrides the policy's degrade message on this route. */
  degradeMessage: z.string().optional(),
});

export const DefaultsSchema = z.strictObject({
  /** Which way to err when the classifier is unsure: toward capability (quality) or price (cost). */
  bias: z.enum(['quality', 'cost']).default('quality'),
  timeoutMs: PositiveMs.default(4000),
  firstTokenTimeoutMs: PositiveMs.optional(),
  idleTimeoutMs: PositiveMs.optional(),
  deadlineMs: PositiveMs.default(12_000),
  retries: z.number().int().min(0).max(3).default(1),
  retryDelayMs: NonNegativeMs.default(250),
  maxOutputTokens: z.number().int().positive().default(1024),
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
});

export const ReviewSchema = z.strictObject({
  /** Who may resolve reviews (identities, e.g. emails). Empty: nobody can, so reviews time out. */
  reviewers: z.array(z.string().min(1)).default([]),
  /** How long a request waits for a person. @default 4h */
  deadline: Duration.pipe(
    z.number().max(MAX_REVIEW_DEADLINE_MS, `at most 365 days (${MAX_REVIEW_DEADLINE_MS} ms)`),
  ).default(4 * 3_600_000),
  /** What happens when nobody decides in time: the safe message, or a model answers. */
  onTimeout: z.union([z.literal('degrade'), z.strictObject({ model: Name })]).default('degrade'),
  /** Decisions reviewers may take. @default all */
  decisions: z.array(z.enum(REVIEW_DECISIONS)).default([...REVIEW_DECISIONS]),
  when: z
    .strictObject({
      intents: z.array(z.string()).default([]),
      risk: z.array(Risk).default([]),
      /** Classifier confidence below this sends the request to review. */
      confidenceBelow: Probability.optional(),
      /** Review when the rules and the learned classifier disagree. @default false */
      onConflict: z.boolean().default(false),
      /** Review after this many failed attempts instead of degrading. */
      afterFailedAttempts: z.number().int().positive().optional(),
      /** Review (instead of degrade) when a provider blocks on content grounds. @default false */
      onPolicyBlocked: z.boolean().default(false),
      /**
       * Ask the draft models for a reply to a request a provider blocked on content grounds. Off by default:
       * a content-filtered request is seen by no other model unless the policy opts in here. @default false
       */
      draftOnPolicyBlocked: z.boolean().default(false),
      /** Review (instead of degrade) when every model attempt failed. @default false */
      onExhausted: z.boolean().default(false),
    })
    .default({
      intents: [],
      risk: [],
      onConflict: false,
      onPolicyBlocked: false,
      draftOnPolicyBlocked: false,
      onExhausted: false,
    }),
  /** Models asked for a draft reply before parking a request: the first one the data class allows. */
  draftModels: z.array(Name).default([]),
  /** Called (POST, retried) when a request enters review, so teams can wire Slack or email. No request text is sent. */
  webhook: z
    .strictObject({
      url: HttpUrl,
      /** Worker environment variable holding an HMAC-SHA256 key; the body is signed in `x-switchyard-signature`. */
      signingSecretEnv: z.string().optional(),
      /** Base URL of the review page; the payload links to `<linkBaseUrl>/requests/<workflowId>`. */
      linkBaseUrl: HttpUrl.optional(),
      /** Attempts before giving up. @default 5 */
      maxAttempts: z.number().int().min(1).max(20).default(5),
    })
    .optional(),
});

/** One `privacy.custom` entry: policy-defined terms and/or a pattern, and the data class they imply. */
export const CustomPrivacyRuleSchema = z
  .strictObject({
    name: Name,
    /** Words or phrases, matched as whole words in any case (after Unicode normalisation). */
    keywords: z.array(z.string().trim().min(1)).optional(),
    /** An RE2 pattern (see PolicyPatternSchema). */
    pattern: PolicyPatternSchema.optional(),
    dataClass: DataClass,
  })
  .refine((rule) => (rule.keywords?.length ?? 0) > 0 || rule.pattern !== undefined, {
    message: 'give keywords, a pattern or both',
  });

export const PrivacySchema = z.strictObject({
  restricted: z.array(EntityType).default(['credit_card', 'iban', 'national_id', 'account_number', 'health', 'secret']),
  internal: z
    .array(EntityType)
    .default(['email', 'phone', 'person', 'street_address', 'date_of_birth', 'ip_address', 'confidential']),
  /** What to do when no provider of the route may see the request: never send anyway. */
  onNoAllowedProvider: z.enum(['review', 'degrade']).default('review'),
  /** Findings scored below this are ignored. @default 0.5 */
  minScore: Probability.default(0.5),
  /**
   * Data residency: the provider regions each data class may go to, e.g. `{ restricted: [eu] }`. Providers
   * elsewhere or without a `region` are excluded (cause `region`); when none is left, `onNoAllowedProvider`
   * applies. A redacted copy counts as public data. @default no restriction
   */
  regions: z.partialRecord(DataClass, Regions).optional(),
  /**
   * The team's own confidential terms and identifiers, each with the data class it gives a request, e.g.
   * `{ name: payroll, keywords: [payroll, salary slip], dataClass: internal }` or
   * `{ name: acct, pattern: 'ACCT-\\d{8}', dataClass: restricted }`. Keywords match whole words, any case;
   * patterns are RE2 (linear time, case-insensitive). Findings have type `custom` and `rule: name`.
   * @default none
   */
  custom: z.array(CustomPrivacyRuleSchema).default([]),
});

export const ClassifierSchema = z.strictObject({
  /** Trained model artifact (`switchyard train`; path relative to the policy file), loaded by the worker. */
  model: z.string().optional(),
  /**
   * Labelled examples (`{"text","label"}` JSONL, relative to the policy file) that, with the intents'
   * `examples`, train the local model when the worker starts (no `model` given).
   */
  trainingData: z.string().optional(),
  /** Overrides the model's learned `unknown` threshold. */
  unknownThreshold: Probability.optional(),
  /**
   * The cascade's last step: ask a cheap model for the intent when rules and the local model are unsure
   * (only if the request's data class allows the model's provider).
   */
  llm: z
    .strictObject({
      model: Name,
      /** Ask when the cascade's confidence is below this. @default 0.5 */
      belowConfidence: Probability.default(0.5),
      /** Per-call limit, ms. @default 3000 */
      timeoutMs: PositiveMs.default(3000),
    })
    .optional(),
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

type RefinementContext = z.core.$RefinementCtx<z.output<z.ZodObject>>;

/** Cross-references and run-time safety, reported with the path of the offending field. */
function checkPolicy(policy: Omit<Policy, never>, context: RefinementContext): void {
  const issue = (path: (string | number)[], message: string) =>
    context.addIssue({ code: 'custom', path, message, input: undefined });
  checkReferences(policy, issue);
  checkPolicySafety(policy, issue);
}
