import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Circuit, CircuitEvent, CircuitPhase, CircuitTransition } from '../src/policy/circuit-breaker.js';
import type { CircuitSettings } from '../src/policy/circuit-defaults.js';
import type { CircuitVerdict } from '../src/policy/circuit-guard.js';
import type { ProbeClaim, ProbeClaimRequest } from '../src/policy/circuit-probes.js';

/** One worker's batch of attempt outcomes for one provider endpoint, oldest first. */
export interface CircuitReport {
  models: { model: string; settings: CircuitSettings; events: Omit<CircuitEvent, 'model'>[] }[];
  /** Probe claims whose attempts ended (after the events above). Absent from reports sent before fleet-wide probes. */
  released?: string[];
}

/** Input of a circuit entity (and of each continue-as-new run). */
export interface CircuitWorkflowInput {
  /** Provider key as the reporting policy names it (labels and metrics). */
  provider: string;
  /** Circuits by key (`model:<id>`, `format:<id>:<route>`, `account`), carried across continue-as-new. */
  circuits?: Record<string, Circuit>;
  /** Latest transitions, newest last (at most `MAX_TRANSITIONS`). */
  transitions?: CircuitTransition[];
  /** Malformed reports ignored so far. */
  invalidReports?: number;
  /** Probe claims still holding a slot (present only when there are some). */
  probeClaims?: ProbeClaim[];
}

/** A circuit as the status query shows it: its stored state plus its phase and window at the query time. */
export interface CircuitView extends Circuit {
  key: string;
  /** The phase at `atMs` (an open circuit past its cooldown is half-open). */
  phaseNow: CircuitPhase;
  /** Attempts and failures in the window ending at `atMs`. */
  window: { total: number; failed: number };
}

export interface CircuitSnapshot {
  provider: string;
  /** Workflow time of the answer, epoch ms. */
  atMs: number;
  circuits: CircuitView[];
  transitions: CircuitTransition[];
  /** Latest settings reported per model id. */
  settings: Record<string, CircuitSettings>;
  invalidReports: number;
  /** Half-open probes in flight across the fleet (claims holding a slot at `atMs`). */
  probeClaims: ProbeClaim[];
}

/** A worker's outcomes (fire-and-forget; malformed ones are counted and dropped, never echoed). */
export const circuitReportSignal = defineSignal<[CircuitReport]>('circuitReport');

/** Every circuit of the provider endpoint, with recent transitions. */
export const circuitStateQuery = defineQuery<CircuitSnapshot>('circuitState');

/**
 * A worker asks for a slot to probe a half-open circuit (fleet-wide `halfOpenProbes`). The answer is the verdict
 * on the entity's state: a probe (the claim is recorded), an ordinary attempt (nothing half-open any more), or a
 * skip with the reason. Malformed requests are rejected by the validator and never reach the history.
 */
export const claimProbeUpdate = defineUpdate<CircuitVerdict, [ProbeClaimRequest]>('claimProbe');

/** Transitions kept in the entity's state (and its status answer). */
export const MAX_TRANSITIONS = 50;
