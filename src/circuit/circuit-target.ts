import { createHash } from 'node:crypto';
import type { CircuitPhase } from '../policy/circuit-breaker.js';
import type { CircuitSettings } from '../policy/circuit-schema.js';

/** The circuits that guard one attempt: the provider endpoint's entity, the model and the route. */
export interface CircuitTarget {
  /** Workflow id of the endpoint's circuit entity (`circuitEntityId`). */
  entityId: string;
  /** Task queue the entity runs on (the worker's own). */
  taskQueue: string;
  /** Provider key (labels). */
  provider: string;
  /** Provider model id. */
  model: string;
  /** Route the attempt serves; null when unknown. */
  route: string | null;
  settings: CircuitSettings;
}

/** Before an attempt: go ahead (then call `release` when it ends), or skip it with the reason. */
export type BoardVerdict = { allowed: true; probe: boolean; release: () => void } | { allowed: false; message: string };

/** Per-call options of `CircuitBoard.check`. */
export interface CheckOptions {
  /** The time of the check, epoch ms. @default now */
  nowMs?: number;
  /**
   * The attempt's timeout, ms: a fleet-wide probe claim frees itself this long (plus 5 s) after it was granted.
   * @default 60000
   */
  attemptTimeoutMs?: number;
}

/** One circuit as this worker sees it, for metrics and status. */
export interface BoardCircuit {
  provider: string;
  entityId: string;
  key: string;
  phase: CircuitPhase;
}

/**
 * The id of a provider endpoint's circuit entity: task queue, provider key and a hash of the endpoint (wire kind
 * and base URL, never shown), so policies that name the same endpoint share its health and different endpoints
 * never do.
 */
export function circuitEntityId(taskQueue: string, provider: string, kind: string, baseURL: string): string {
  const endpoint = createHash('sha256').update(`${kind} ${baseURL}`).digest('hex').slice(0, 12);
  return `switchyard-circuit/${taskQueue}/${provider}/${endpoint}`;
}
