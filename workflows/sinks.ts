import { proxySinks, type Sinks } from '@temporalio/workflow';
import type { LatencySplit } from '../src/policy/latency-split.js';
import type { AttemptRecord } from '../src/policy/types.js';

/** Summary of a finished request, for live metrics (never text). */
export interface RequestFinished {
  route: string | null;
  outcome: string;
  model: string | null;
  dataClass: string | null;
  costUsd: number;
  latencyMs: number;
  /** Model time, end to end without review waits, review waits (docs/observability.md#latency); absent from older bundles. */
  latency?: LatencySplit;
  /** Hash of the policy that decided; absent from summaries sent by older workflow bundles. */
  policyHash?: string | null;
  /** Rollout role of that policy (docs/policy-rollout.md); absent from older bundles. */
  rollout?: 'active' | 'canary';
  /** What the route's answer cache did (docs/router.md, "Answer cache"); absent when it was not asked. */
  cache?: CacheUse;
  attempts: {
    model: string;
    provider: string;
    ok: boolean;
    errorKind: string | null;
    errorType: string | null;
    latencyMs: number;
    costUsd: number;
    /** Tokens the attempt used; absent from summaries sent by workflow bundles older than the token counters. */
    inputTokens?: number;
    outputTokens?: number;
    /** The answer failed the route's response-format check; absent from older bundles. */
    formatFailure?: boolean;
  }[];
}

/** The metric fields of an attempt (no text, no messages): what `RequestFinished.attempts` carries. */
export function attemptSummary(attempt: AttemptRecord): RequestFinished['attempts'][number] {
  const { model, provider, ok, errorKind, errorType, latencyMs, costUsd, inputTokens, outputTokens } = attempt;
  return {
    model,
    provider,
    ok,
    errorKind,
    errorType,
    latencyMs,
    costUsd,
    inputTokens,
    outputTokens,
    formatFailure: attempt.formatFailure,
  };
}

/** A request the answer cache looked up: found (`hit`) or not, and whether its answer was then kept. */
export interface CacheUse {
  result: 'hit' | 'miss';
  stored: boolean;
}

/**
 * Best-effort, non-durable notifications from workflow code to the worker process (metrics). The
 * history, not these, is the record; the worker does not call them during replay.
 */
export interface SwitchyardSinks extends Sinks {
  switchyard: {
    requestFinished(summary: RequestFinished): void;
  };
}

export const { switchyard: switchyardSink } = proxySinks<SwitchyardSinks>();

/** A circuit changed phase (closed → open, half-open → closed, …); labels only. */
export interface CircuitTransitionSummary {
  provider: string;
  /** Circuit key: `model:<id>`, `format:<id>:<route>` or `account`. */
  key: string;
  from: string;
  to: string;
  atMs: number;
  reason: string;
}

/** Best-effort notifications from circuit entities to the worker process (metrics). Not called during replay. */
export interface SwitchyardCircuitSinks extends Sinks {
  switchyardCircuit: {
    transition(summary: CircuitTransitionSummary): void;
  };
}

export const { switchyardCircuit: circuitSink } = proxySinks<SwitchyardCircuitSinks>();
