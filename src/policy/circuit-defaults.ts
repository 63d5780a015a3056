/** Circuit-breaker settings and defaults, free of zod so workflow code can import them (see circuit-schema.ts). */

/** Settings with every default filled in. `slowCallMs` null: no latency breaker. */
export interface CircuitSettings {
  enabled: boolean;
  consecutiveFailures: number;
  failureRate: number;
  minRequests: number;
  windowMs: number;
  cooldownMs: number;
  halfOpenProbes: number;
  slowCallMs: number | null;
  creditCooldownMs: number;
  formatFailures: number;
  formatCooldownMs: number;
}

/** On by default: a route whose primary is down stops calling it after a few failures, with no policy change. */
export const DEFAULT_CIRCUIT_SETTINGS: Readonly<CircuitSettings> = Object.freeze({
  enabled: true,
  consecutiveFailures: 5,
  failureRate: 0.5,
  minRequests: 10,
  windowMs: 30_000,
  cooldownMs: 30_000,
  halfOpenProbes: 1,
  slowCallMs: null,
  creditCooldownMs: 3_600_000,
  formatFailures: 3,
  formatCooldownMs: 300_000,
});
