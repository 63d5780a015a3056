import { z } from 'zod';
import { MAX_REVIEW_DEADLINE_MS } from './check-policy-safety.js';
import { ConversationRulesSchema } from './conversation-rules-schema.js';

/** A route's `review`: a mode, or `{mode, rules}` with conversation rules (docs/review.md#conversation-rules). */
export { RouteReviewSchema } from './conversation-rules-schema.js';

import { Duration, HttpUrl, Name, Probability, Risk } from './schema-primitives.js';
import { REVIEW_DECISIONS } from './types.js';

/** The policy's `review:` section: who decides, when a person must look, and what happens meanwhile. */
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
  /**
   * Conversation-aware rules (`stillConfused`, `askedForDetailsTwice`, `identityDoubt`): a person steps in when
   * the conversation shows it (docs/review.md#conversation-rules). A route's `review.rules` overrides key by key.
   */
  rules: ConversationRulesSchema.optional(),
  /**
   * Models asked for a draft reply before parking a request, in order: a failed try is retried or falls back to
   * the next one the data class allows (docs/review.md#drafts).
   */
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
