import { z } from 'zod';
import { BudgetScopeSchema } from './budget-schema.js';
import { Name } from './schema-primitives.js';

/** The calls a quota limits: those to one model, or to any model of one provider. */
export const QuotaTargetSchema = z.union([z.strictObject({ model: Name }), z.strictObject({ provider: Name })]);

/**
 * A quota: the share of requests (or spend) within a scope that calls to a target model or provider may take in a
 * period, e.g. the premium model at most 20 % of the support route's requests per day. Kept exactly by a quota
 * ledger workflow (`quota-<name>/<period-key>`, docs/budgets.md#quotas); over quota, `onExceeded` decides.
 */
export const QuotaSchema = z
  .strictObject({
    /** Unique name; part of the ledger's workflow id. */
    name: Name.max(64),
    /**
     * The population the share is taken of (as a budget's scope; `{caller: '*'}` keeps a quota per caller, so no
     * caller can force its way to the premium tier). @default all
     */
    scope: BudgetScopeSchema.default('all'),
    /** The calls the quota limits. */
    target: QuotaTargetSchema,
    /** `requests`: target requests / requests; `spend`: target spend / spend, USD. @default requests */
    measure: z.enum(['requests', 'spend']).default('requests'),
    /** Largest share the target may take, 0..1. @default no share limit */
    maxShare: z.number().min(0).max(1).optional(),
    /** Most requests per period (per key of a per-key scope) that may call the target. @default no count limit */
    maxRequests: z.number().int().min(0).max(1_000_000_000).optional(),
    /** The counts reset at the start of every hour, day or month in `timezone`. @default day */
    period: z.enum(['hour', 'day', 'month']).default('day'),
    /** IANA time zone of the period boundaries. @default UTC */
    timezone: z.string().default('UTC'),
    /**
     * Over quota: `cheaper` uses the next candidate of the ladder outside the target (where the data class allows),
     * `degrade` the safe message, `review` a person, `reject` refuses. @default cheaper
     */
    onExceeded: z.enum(['cheaper', 'degrade', 'review', 'reject']).default('cheaper'),
  })
  .superRefine((quota, context) => {
    if (quota.maxShare === undefined && quota.maxRequests === undefined)
      context.addIssue({ code: 'custom', path: ['maxShare'], message: 'name maxShare, maxRequests or both' });
    if (quota.measure === 'spend' && quota.maxShare === undefined)
      context.addIssue({ code: 'custom', path: ['maxShare'], message: 'measure spend needs maxShare' });
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: quota.timezone });
    } catch {
      context.addIssue({
        code: 'custom',
        path: ['timezone'],
        message: 'unknown IANA time zone (e.g. UTC, Europe/Berlin)',
      });
    }
  });

export type QuotaConfig = z.output<typeof QuotaSchema>;
export type QuotaTarget = QuotaConfig['target'];
export { targetLabel, targetMatches } from './quota-target.js';
