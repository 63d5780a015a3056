import { z } from 'zod';
import { type CircuitSettings, DEFAULT_CIRCUIT_SETTINGS } from './circuit-defaults.js';
import { PositiveMs, Probability } from './schema-primitives.js';

export { type CircuitSettings, DEFAULT_CIRCUIT_SETTINGS } from './circuit-defaults.js';

/**
 * Circuit-breaker settings (docs/circuit-breaker.md). Every key is optional and has no filled-in default in the
 * parsed policy, so a policy that does not set them keeps its hash; `circuitSettingsFor` merges model over
 * provider over policy over `DEFAULT_CIRCUIT_SETTINGS`.
 */
export const CircuitBreakerSchema = z.strictObject({
  /** Check and feed the breaker for these models. @default true */
  enabled: z.boolean().optional().meta({ default: true }),
  /** Consecutive failures (5xx, 429, timeouts, resets, bad streams) that open the circuit. @default 5 */
  consecutiveFailures: z.number().int().min(1).max(1000).optional().meta({ default: 5 }),
  /** Failure share in the window that opens the circuit, 0..1 (with at least `minRequests` attempts). @default 0.5 */
  failureRate: Probability.optional().meta({ default: 0.5 }),
  /** Attempts the window must hold before `failureRate` applies. @default 10 */
  minRequests: z.number().int().min(1).max(100_000).optional().meta({ default: 10 }),
  /** Length of the sliding window for `failureRate`, ms. @default 30000 */
  windowMs: PositiveMs.optional().meta({ default: 30_000 }),
  /** How long an opened circuit stays open before half-open probes, ms. @default 30000 */
  cooldownMs: PositiveMs.optional().meta({ default: 30_000 }),
  /** Probe attempts let through at once while half-open, across all workers (claimed from the entity). @default 1 */
  halfOpenProbes: z.number().int().min(1).max(100).optional().meta({ default: 1 }),
  /** A success slower than this counts as a failure (latency breaker), ms. @default off */
  slowCallMs: PositiveMs.optional(),
  /**
   * How long an out-of-credit or usage-limit error opens the whole provider when the provider names no date, ms.
   * @default 3600000 (1 h)
   */
  creditCooldownMs: PositiveMs.optional().meta({ default: 3_600_000 }),
  /** Consecutive answers failing a route's output format that stop using the model for that route. @default 3 */
  formatFailures: z.number().int().min(1).max(1000).optional().meta({ default: 3 }),
  /** How long a format circuit (model × route) stays open, ms. @default 300000 (5 min) */
  formatCooldownMs: PositiveMs.optional().meta({ default: 300_000 }),
});

export type CircuitBreakerConfig = z.output<typeof CircuitBreakerSchema>;

/** Where the layers live in a policy (structural, so snapshots from before the keys existed type-check too). */
interface CircuitLayers {
  circuitBreaker?: CircuitBreakerConfig | undefined;
  providers: Readonly<Record<string, { circuitBreaker?: CircuitBreakerConfig | undefined }>>;
  models: Readonly<Record<string, { provider: string; circuitBreaker?: CircuitBreakerConfig | undefined }>>;
}

/** The breaker settings for one model of a policy: model over provider over policy over the defaults. */
export function circuitSettingsFor(policy: CircuitLayers, modelKey: string): CircuitSettings {
  const model = policy.models[modelKey];
  const provider = model ? policy.providers[model.provider] : undefined;
  const settings: CircuitSettings = { ...DEFAULT_CIRCUIT_SETTINGS };
  for (const layer of [policy.circuitBreaker, provider?.circuitBreaker, model?.circuitBreaker]) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value !== undefined) (settings as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return settings;
}
