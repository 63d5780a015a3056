import { z } from 'zod';
import { HttpUrl, Name } from './schema-primitives.js';

/** Which requests a budget counts: all of them, or those of one route, model, provider, caller or metadata value. */
export const BudgetScopeSchema = z.union([
  z.literal('all'),
  z.strictObject({ route: Name }),
  z.strictObject({ model: Name }),
  z.strictObject({ provider: Name }),
  /**
   * A verified caller name (gateway API key name or signed service identity), or `'*'`: every caller separately
   * (one ledger per caller; unverified requests share the key `~anonymous`).
   */
  z.strictObject({ caller: z.union([z.literal('*'), z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/)]) }),
  /**
   * One declared metadata key (`access.metadataKeys`) and the value it must have, e.g. `{team: support}`, or `'*'`:
   * every value separately (requests without the key share the key `~none`).
   */
  z.strictObject({
    metadata: z
      .record(z.string().min(1).max(64), z.string().min(1).max(200))
      .refine((entries) => Object.keys(entries).length === 1, { message: 'name exactly one metadata key' }),
  }),
]);

/** Where alerts of a budget go besides the log line and the metric. */
export const BudgetAlertSchema = z.strictObject({
  /** POST a JSON alert here (retried by Temporal until it answers 2xx). */
  webhook: HttpUrl.optional(),
  /** Worker environment variable holding the HMAC-SHA256 secret that signs the webhook body. @default unsigned */
  signingSecretEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/)
    .optional(),
});

/**
 * Spike throttling: when committed spend in the last `windowMinutes` runs above `factor` × the period's pro-rata pace
 * (limit × window / period length), attempts on routes not marked `critical` step down to the next cheaper candidate
 * until the window's spend settles below it.
 */
export const BudgetSpikeSchema = z.strictObject({
  /** The short window spend is measured over, minutes (whole minutes, 1..60). @default 5 */
  windowMinutes: z.number().int().min(1).max(60).default(5),
  /** How far above the pro-rata pace counts as a spike. @default 3 */
  factor: z.number().min(1).max(1000).default(3),
});

/**
 * A spend budget across requests, kept exactly by a ledger workflow on Temporal (docs/budgets.md): before each
 * attempt its worst-case cost is reserved against every budget that applies; after it the actual cost is committed.
 */
export const BudgetSchema = z.strictObject({
  /** Unique name; part of the ledger's workflow id (`budget-<name>/<period-key>`). */
  name: Name.max(64),
  /** Which requests count against it. */
  scope: BudgetScopeSchema,
  /** The budget resets at the start of every hour, day or month in `timezone`. */
  period: z.enum(['hour', 'day', 'month']),
  /** IANA time zone the period boundaries are computed in. @default UTC */
  timezone: z
    .string()
    .refine(isTimeZone, { message: 'unknown IANA time zone (e.g. UTC, Europe/Berlin)' })
    .default('UTC'),
  /** Most that committed plus reserved spend may reach in one period, USD. */
  limitUsd: z.number().positive().max(1_000_000_000),
  /**
   * What a request does when the budget cannot cover an attempt: `cheaper` (the next candidate of the ladder with a
   * lower worst case), `degrade` (the safe message), `review` (a person decides), `reject`. @default degrade
   */
  onExhausted: z.enum(['cheaper', 'degrade', 'review', 'reject']).default('degrade'),
  /** Fractions of the limit whose crossing (by committed spend) raises an alert, once per period. @default [] */
  alertAt: z.array(z.number().positive().max(10)).max(10).default([]),
  /** Webhook for alerts. @default log line and metric only */
  alert: BudgetAlertSchema.optional(),
  /** Step non-critical routes down a tier while spend runs well above the period's pace. @default off */
  spike: BudgetSpikeSchema.optional(),
});

export type BudgetConfig = z.output<typeof BudgetSchema>;
export type BudgetScope = BudgetConfig['scope'];
export type BudgetSpike = z.output<typeof BudgetSpikeSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
