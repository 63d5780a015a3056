import { z } from 'zod';
import { Name, PolicyPatternSchema } from './schema-primitives.js';

/**
 * One conversation review rule (docs/review.md#conversation-rules): `true` turns the built-in detector on,
 * `false` off; the object form adds the policy's own signals and may change how many turns it takes.
 */
export const ConversationRuleSchema = z.union([
  z.boolean(),
  z.strictObject({
    /** Words or phrases (case-insensitive, whole words) that count a turn as a hit. @default none */
    keywords: z.array(z.string().min(1).max(200)).max(200).optional(),
    /** RE2 patterns (like every policy pattern, see PolicyPatternSchema) that count a turn as a hit. @default none */
    patterns: z.array(PolicyPatternSchema).max(50).optional(),
    /** Classifier intents that count as a hit when the request is classified as one of them. @default none */
    intents: z.array(Name).max(100).optional(),
    /**
     * Keep the built-in detector beside `keywords`/`patterns`. @default true when neither is given, else false
     */
    builtIn: z.boolean().optional(),
    /** Turns that must hit before the request goes to a person. @default 1 (`askedForDetailsTwice`: 2) */
    times: z.number().int().min(1).max(100).optional(),
  }),
]);

/**
 * Conversation-aware review rules, in `review.rules` (every route) or a route's `review.rules` (that route, key
 * by key over the policy's). Each looks at the whole conversation the request carries, counted across turns.
 */
export const ConversationRulesSchema = z.strictObject({
  /** A customer turn after an assistant answer says the answer did not help or is not understood. */
  stillConfused: ConversationRuleSchema.optional(),
  /** The assistant already asked the customer for missing details (order number, email…) twice. */
  askedForDetailsTwice: ConversationRuleSchema.optional(),
  /** The customer doubts who they talk to (a bot? a human?) or whose account or order this is. */
  identityDoubt: ConversationRuleSchema.optional(),
});

/**
 * A route's `review`: `always` parks every request for a person, `never` opts out of every review rule, `auto`
 * follows the policy's rules; the object form is `auto` (or its `mode`) with conversation rules for this route.
 */
export const RouteReviewSchema = z.union([
  z.enum(['always', 'never', 'auto']),
  z.strictObject({
    /** @default auto */
    mode: z.enum(['always', 'never', 'auto']).default('auto'),
    /** Conversation rules for this route, key by key over the policy's `review.rules`. */
    rules: ConversationRulesSchema.optional(),
  }),
]);

export type ConversationRule = z.output<typeof ConversationRuleSchema>;
export type ConversationRules = z.output<typeof ConversationRulesSchema>;
export type RouteReview = z.output<typeof RouteReviewSchema>;
