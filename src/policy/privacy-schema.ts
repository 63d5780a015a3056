import { z } from 'zod';
import {
  DataClass,
  EntityType,
  Name,
  PolicyPatternSchema,
  PositiveMs,
  Probability,
  Regions,
} from './schema-primitives.js';

/** The policy's `privacy:` section: which findings make which data class, and the team's own terms. */
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
   * Strong-gain router artifact (`switchyard router train`; path relative to the policy file): the worker scores each
   * request and routes' `strongGain` tiers decide on it (docs/router.md). @default none
   */
  router: z.string().optional(),
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
