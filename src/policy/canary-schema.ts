import { z } from 'zod';

/**
 * How a worker canaries a candidate policy (docs/policy-rollout.md, Canary): the slice it sends to the candidate,
 * the guardrails the controller checks, and how promotion happens. Worker configuration (flags, environment),
 * never a request. Parsed once at the edge; workflow code imports only the type.
 */

/** Which request fact picks the slice: the request id, the verified caller, or a declared metadata value. */
export const CanarySliceBySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('requestId') }),
  z.strictObject({ kind: z.literal('caller') }),
  z.strictObject({ kind: z.literal('metadata'), key: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/) }),
]);

/** Limits of candidate vs active; a guardrail breaks when the candidate is worse by more than its limit. */
export const CanaryGuardrailsSchema = z.strictObject({
  /** Success rate (answered or reviewed) may be lower than the active version's by this many points. @default 5 */
  successRateDropPoints: z.number().min(0).max(100).default(5),
  /** Format-failure rate may be higher than the active version's by this many points. @default 5 */
  formatFailureRisePoints: z.number().min(0).max(100).default(5),
  /** p95 latency may be higher than the active version's by this many percent. @default 50 */
  p95LatencyRisePercent: z.number().min(0).max(10_000).default(50),
  /** Cost per successful task may be higher by this many percent; null: shown, never breaks. @default null */
  costPerSuccessRisePercent: z.number().min(0).max(10_000).nullable().default(null),
});

export const CanarySettingsSchema = z
  .strictObject({
    /** Share of traffic the candidate takes, percent (0.01 steps). */
    percent: z.number().min(0).max(100),
    /** What the slice is computed from. @default requestId */
    by: CanarySliceBySchema.default({ kind: 'requestId' }),
    /** `auto`: the controller promotes; `manual`: it waits for `switchyard canary promote`. @default auto */
    promotion: z.enum(['auto', 'manual']).default('auto'),
    /** Canary requests before the guardrails are judged. @default 20 */
    minRequests: z.number().int().min(1).max(100_000).default(20),
    /** Canary requests within bounds after which the controller promotes (or waits for a person). @default 50 */
    promoteAfter: z.number().int().min(1).max(100_000).default(50),
    /** Once `minRequests` is reached, the controller decides within this many further canary requests. @default 60 */
    decideWithinRequests: z.number().int().min(1).max(100_000).default(60),
    /** …or within this many ms, whichever comes first. @default 30000 */
    decideWithinMs: z.number().int().min(1).max(86_400_000).default(30_000),
    /** Most recent outcomes kept per role for the comparison (the window). @default 200 */
    windowSize: z.number().int().min(10).max(5000).default(200),
    guardrails: CanaryGuardrailsSchema.prefault({}),
  })
  .refine((settings) => settings.promoteAfter >= settings.minRequests, {
    message: 'promoteAfter must be at least minRequests',
    path: ['promoteAfter'],
  });

export type CanarySliceBy = z.output<typeof CanarySliceBySchema>;
export type CanaryGuardrailLimits = z.output<typeof CanaryGuardrailsSchema>;
/** Canary settings with every default filled in. */
export type CanarySettings = z.output<typeof CanarySettingsSchema>;
export type CanarySettingsInput = z.input<typeof CanarySettingsSchema>;

/** `requestId`, `caller` or `metadata:KEY` (flag and environment spelling) → the slice rule. */
export function parseSliceBy(text: string): CanarySliceBy {
  if (text === 'requestId' || text === 'caller') return { kind: text };
  if (text.startsWith('metadata:')) return CanarySliceBySchema.parse({ kind: 'metadata', key: text.slice(9) });
  throw new Error(`canary slice "${text.slice(0, 80)}": use requestId, caller or metadata:KEY`);
}

/** The rule as results and docs spell it: `requestId`, `caller`, `metadata.tenant`. */
export function describeSliceBy(by: CanarySliceBy): string {
  return by.kind === 'metadata' ? `metadata.${by.key}` : by.kind;
}
