import { type Circuit, phaseAt } from './circuit-breaker.js';
import { type CircuitVerdict, checkCircuits } from './circuit-guard.js';

/**
 * Half-open probes limited across the fleet (docs/circuit-breaker.md): a worker about to probe a half-open
 * circuit claims a slot from the circuit entity, which grants at most `halfOpenProbes` at once per circuit. A
 * claim ends when its worker reports it released, when the circuit leaves the open period it was granted in
 * (the probe's outcome closed or reopened it), or at its expiry (a worker that crashed never reports).
 */

/** One probe slot the entity granted. */
export interface ProbeClaim {
  /** Claim id, chosen by the worker (one per attempt). */
  id: string;
  /** Circuit key (`model:<id>`, `format:<id>:<route>` or `account`). */
  key: string;
  /** `untilMs` of the open period the probe tests: the claim counts only while the circuit is still in it. */
  untilMs: number;
  /** When the claim frees itself, epoch ms. */
  expiresAtMs: number;
}

/** A worker's request for a probe slot for one attempt. */
export interface ProbeClaimRequest {
  /** Claim id (the worker picks a fresh one per attempt; asking again with it replaces its claims). */
  id: string;
  /** Provider model id. */
  model: string;
  /** The route the attempt serves; null when unknown. */
  route: string | null;
  /** The reporting worker's `halfOpenProbes` for the model. */
  halfOpenProbes: number;
  /** How long the claim may hold at most, ms (the attempt's timeout plus a margin). */
  ttlMs: number;
}

/** Claims that still hold a slot at `nowMs`: not expired, and their circuit still half-open in the same period. */
export function liveClaims(
  circuits: Readonly<Record<string, Circuit>>,
  claims: readonly ProbeClaim[],
  nowMs: number,
): ProbeClaim[] {
  return claims.filter((claim) => {
    const circuit = circuits[claim.key];
    return (
      claim.expiresAtMs > nowMs &&
      circuit !== undefined &&
      circuit.untilMs === claim.untilMs &&
      phaseAt(circuit, nowMs) === 'half-open'
    );
  });
}

/**
 * The entity's answer to a claim: the verdict of `checkCircuits` on the entity's own circuits with the live claims
 * of other attempts counted. Allowed with `probeKeys` records a claim per key; allowed without any means no
 * circuit of the attempt is half-open (any more): an ordinary attempt, no claim.
 */
export function claimProbe(
  circuits: Readonly<Record<string, Circuit>>,
  claims: readonly ProbeClaim[],
  request: ProbeClaimRequest,
  nowMs: number,
): { verdict: CircuitVerdict; claims: ProbeClaim[] } {
  const others = liveClaims(circuits, claims, nowMs).filter((claim) => claim.id !== request.id);
  const inFlight = (key: string) => others.filter((claim) => claim.key === key).length;
  const verdict = checkCircuits(circuits, request.model, request.route, nowMs, request.halfOpenProbes, inFlight);
  if (!verdict.allowed || verdict.probeKeys.length === 0) return { verdict, claims: others };
  const granted = verdict.probeKeys.map((key) => ({
    id: request.id,
    key,
    untilMs: circuits[key]!.untilMs!,
    expiresAtMs: nowMs + request.ttlMs,
  }));
  return { verdict, claims: [...others, ...granted] };
}

/** The claims left once the attempts `ids` ended (their workers report it with their outcomes). */
export function releaseClaims(claims: readonly ProbeClaim[], ids: readonly string[]): ProbeClaim[] {
  if (ids.length === 0) return [...claims];
  const released = new Set(ids);
  return claims.filter((claim) => !released.has(claim.id));
}
