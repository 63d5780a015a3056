import { z } from 'zod';
import { MAX_TIMER_MS } from './check-policy-safety.js';
import { parseDurationMs } from './duration.js';
import { compileSafePattern } from './safe-pattern.js';
import { DATA_CLASSES, ENTITY_TYPES, RISK_LEVELS } from './types.js';

/** Building blocks shared by the policy schema's sections. */

export const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-"');
export const DataClass = z.enum(DATA_CLASSES);
export const EntityType = z.enum(ENTITY_TYPES);
export const Risk = z.enum(RISK_LEVELS);
export const Probability = z.number().min(0).max(1);
export const timerBound = `at most ${MAX_TIMER_MS} ms (2^31 − 1, about 24.8 days; longer timers fire at once)`;
export const PositiveMs = z.number().int().positive().max(MAX_TIMER_MS, timerBound);
export const NonNegativeMs = z.number().int().nonnegative().max(MAX_TIMER_MS, timerBound);

/** A duration: milliseconds as a number, or a string like `250ms`, `4s`, `30m`, `4h`, `1d`. */
export const Duration = z.union([z.number().int().nonnegative(), z.string()]).transform((value, context) => {
  const ms = parseDurationMs(value);
  if (ms === undefined) {
    context.addIssue({ code: 'custom', message: `invalid duration "${value}" (use e.g. 500ms, 4s, 30m, 4h, 1d)` });
    return z.NEVER;
  }
  return ms;
});

/** Only http: and https: (a bare `z.url()` also takes `javascript:`, `file:` and others). */
export const HttpUrl = z.url({ protocol: /^https?$/, error: 'use an http: or https: URL' });

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
export const Regions = z.array(z.string().min(1)).min(1);

export const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);
