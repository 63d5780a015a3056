import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Circuit, CircuitEvent, CircuitPhase, CircuitTransition } from '../src/policy/circuit-breaker.js';
import type { CircuitSettings } from '../src/policy/circuit-defaults.js';

/** One worker's batch of attempt outcomes for one provider endpoint, oldest first. */
export interface CircuitReport {
  models: { model: string; settings: CircuitSettings; events: Omit<CircuitEvent, 'model'>[] }[];
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
}

/** A worker's outcomes (fire-and-forget; malformed ones are counted and dropped, never echoed). */
export const circuitReportSignal = defineSignal<[CircuitReport]>('circuitReport');

/** Every circuit of the provider endpoint, with recent transitions. */
export const circuitStateQuery = defineQuery<CircuitSnapshot>('circuitState');

/** Transitions kept in the entity's state (and its status answer). */
export const MAX_TRANSITIONS = 50;
