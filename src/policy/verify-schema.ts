import { z } from 'zod';
import { Name, PolicyPatternSchema, Probability } from './schema-primitives.js';

/**
 * A route's answer verifier (docs/router.md#cascade): a successful answer of a cheap model is checked before it
 * is accepted; a failed check escalates to a stronger candidate, with the reason in the trail. Runs only in
 * requests started after the `difficulty-routing` change.
 */

/**
 * The answer must be JSON, matching `schema` when given: measured by the attempt with the validator of the route's
 * `responseFormat` (a failure here escalates instead of failing the attempt).
 */
const JsonSchemaCheck = z.strictObject({
  kind: z.literal('json-schema'),
  /** JSON Schema the answer must match. @default any JSON value */
  schema: z.record(z.string(), z.unknown()).optional(),
});

/**
 * The model's own confidence: the mean token log-probability of the answer must reach `threshold` (natural log,
 * ≤ 0; −1.2 ≈ a geometric-mean token probability of 0.30). Skipped, with the reason in the trail, where the provider
 * does not expose log-probabilities (Anthropic, most OpenAI-compatible servers that ignore `logprobs`).
 */
const MinLogprobCheck = z.strictObject({
  kind: z.literal('min-logprob'),
  threshold: z.number().max(0),
});

/** A judge model grades the answer 0..1 with a short rubric (its own `judge` attempt); below `minScore` fails. */
const JudgeCheck = z.strictObject({
  kind: z.literal('judge'),
  /** Model key of the judge; it sees the request and the answer, so its provider must allow the data class. */
  model: Name,
  /** Lowest passing score, 0..1. @default 0.7 */
  minScore: Probability.optional().meta({ default: 0.7 }),
  /** What a good answer does, added to the judge's rubric. @default none */
  rubric: z.string().min(1).max(2000).optional(),
  /** Output cap of the judge's attempt, tokens. @default 64 */
  maxOutputTokens: z.number().int().positive().max(1024).optional().meta({ default: 64 }),
});

/** Rules on the answer text: length and RE2 patterns (case-insensitive, linear time; see safe-pattern.ts). */
const PolicyCheck = z.strictObject({
  kind: z.literal('policy'),
  /** Longest acceptable answer, characters. @default no limit */
  maxChars: z.number().int().positive().optional(),
  /** The answer fails when any of these matches. @default [] */
  mustNotMatch: z.array(PolicyPatternSchema).max(50).optional(),
  /** The answer fails unless every one of these matches. @default [] */
  mustMatch: z.array(PolicyPatternSchema).max(50).optional(),
});

export const VerifyCheckSchema = z.discriminatedUnion('kind', [
  JsonSchemaCheck,
  MinLogprobCheck,
  JudgeCheck,
  PolicyCheck,
]);

export const VerifySchema = z
  .strictObject({
    /** Checks run in order; the first failure escalates (later checks, a judge included, are not run). */
    checks: z.array(VerifyCheckSchema).min(1).max(8),
    /** Model a failed answer escalates to. @default the next candidate of the route */
    escalateTo: Name.optional(),
    /**
     * Models whose answers are verified. @default every candidate but the route's last, `escalateTo` and the route's
     * `strongGain.model` (nothing stronger to escalate to)
     */
    onlyFor: z.array(Name).min(1).optional(),
  })
  .refine((verify) => verify.checks.filter((check) => check.kind === 'json-schema').length <= 1, {
    message: 'at most one json-schema check',
    path: ['checks'],
  });

/** The judge's default passing score, 0..1. */
export const DEFAULT_JUDGE_MIN_SCORE = 0.7;
/** The judge attempt's default output cap, tokens. */
export const DEFAULT_JUDGE_MAX_OUTPUT_TOKENS = 64;

export type VerifyConfig = z.output<typeof VerifySchema>;
export type VerifyCheck = z.output<typeof VerifyCheckSchema>;
export type JudgeCheckConfig = Extract<VerifyCheck, { kind: 'judge' }>;
