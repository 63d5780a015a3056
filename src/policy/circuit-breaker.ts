import type { CircuitSettings } from './circuit-defaults.js';

/**
 * The circuit breaker as pure data and functions: no clock (every function takes `nowMs`, epoch ms), no I/O.
 * The circuit entity workflow folds reported attempt outcomes through `applyEvent`; workers fold their own
 * outcomes into their cached copy the same way and ask `checkCircuits` before each attempt.
 *
 * One provider endpoint holds several circuits, by key (`circuitKey`):
 * - `model:<id>`: the model's health (5xx, 429, timeouts, resets, broken streams, slow answers);
 * - `format:<id>:<route>`: the model failing one route's output format (other routes keep using it);
 * - `account`: the provider account is out of credit or over its usage limit (every model of the provider).
 */

export type CircuitPhase = 'closed' | 'open' | 'half-open';

/** One circuit. An `open` circuit turns half-open by itself once `untilMs` passes (see `phaseAt`). */
export interface Circuit {
  phase: CircuitPhase;
  /** When the circuit entered `phase`, epoch ms. */
  sinceMs: number;
  /** End of the cooldown of an open circuit, epoch ms; null otherwise. */
  untilMs: number | null;
  /** Why it opened (or last closed). */
  reason: string | null;
  /** Failures in a row since the last success. */
  consecutive: number;
  /** Attempts in the sliding window, in buckets of `bucketMs(windowMs)`. */
  buckets: { atMs: number; ok: number; failed: number }[];
  /** How many times it has opened. */
  opened: number;
}

/** What an attempt means to the breaker (see `circuitEventKind`). */
export type CircuitEventKind = 'success' | 'failure' | 'format' | 'quota';

/** One attempt outcome as a worker reports it. */
export interface CircuitEvent {
  /** Provider model id. */
  model: string;
  /** The route the attempt served (format circuits are per route); null when unknown. */
  route: string | null;
  kind: CircuitEventKind;
  /** Error type of a failed attempt; null on success. */
  errorType: string | null;
  latencyMs: number;
  /** For `quota`: when the provider says access returns, epoch ms; null when it names no date. */
  untilMs: number | null;
}

export interface CircuitTransition {
  key: string;
  from: CircuitPhase;
  to: CircuitPhase;
  atMs: number;
  reason: string;
}

/** Thresholds of one circuit (a model's health, or a format circuit's). */
interface Limits {
  consecutiveFailures: number;
  failureRate: number;
  minRequests: number;
  windowMs: number;
  cooldownMs: number;
  creditCooldownMs: number;
}

/** Error types that count as a provider failing (not the request's fault, not a refusal). */
export const CIRCUIT_FAILURE_TYPES: ReadonlySet<string> = new Set([
  'RateLimited',
  'ServerError',
  'Overloaded',
  'RequestTimeout',
  'Timeout',
  'NoResponse',
  'FirstTokenTimeout',
  'StreamStalled',
  'StreamTruncated',
  'ConnectionError',
  'MalformedResponse',
]);

/**
 * What an attempt means to the breaker: null for outcomes that say nothing about the provider's health (bad
 * requests, context length, refusals, misconfiguration, a skipped attempt). A success slower than `slowCallMs`
 * is a failure.
 */
export function circuitEventKind(
  errorType: string | null,
  latencyMs: number,
  settings: Pick<CircuitSettings, 'slowCallMs'>,
): CircuitEventKind | null {
  if (errorType === null) {
    return settings.slowCallMs !== null && latencyMs > settings.slowCallMs ? 'failure' : 'success';
  }
  if (errorType === 'QuotaExhausted') return 'quota';
  if (errorType === 'OutputFormatInvalid') return 'format';
  return CIRCUIT_FAILURE_TYPES.has(errorType) ? 'failure' : null;
}

export const ACCOUNT_KEY = 'account';
export const modelKey = (model: string) => `model:${model}`;
export const formatKey = (model: string, route: string) => `format:${model}:${route}`;

/** A circuit that has seen nothing. */
export function closedCircuit(nowMs: number): Circuit {
  return { phase: 'closed', sinceMs: nowMs, untilMs: null, reason: null, consecutive: 0, buckets: [], opened: 0 };
}

/** The phase at `nowMs`: an open circuit whose cooldown has passed is half-open. */
export function phaseAt(circuit: Circuit, nowMs: number): CircuitPhase {
  if (circuit.phase === 'open' && circuit.untilMs !== null && circuit.untilMs <= nowMs) return 'half-open';
  return circuit.phase;
}

/** Width of one window bucket: a thirtieth of the window, at least a second, ms. */
export function bucketMs(windowMs: number): number {
  return Math.max(1000, Math.floor(windowMs / 30));
}

/** Attempts and failures in the window ending at `nowMs`. */
export function windowCounts(circuit: Circuit, windowMs: number, nowMs: number): { total: number; failed: number } {
  let total = 0;
  let failed = 0;
  for (const bucket of circuit.buckets) {
    if (bucket.atMs <= nowMs - windowMs) continue;
    total += bucket.ok + bucket.failed;
    failed += bucket.failed;
  }
  return { total, failed };
}

/** Folds one outcome into one circuit. `result` is `success`, `failure` or `quota` (with `untilMs`). */
export function applyOutcome(
  circuit: Circuit,
  outcome: { result: 'success' | 'failure' | 'quota'; errorType: string | null; untilMs: number | null },
  limits: Limits,
  nowMs: number,
): { circuit: Circuit; change: { from: CircuitPhase; to: CircuitPhase; reason: string } | null } {
  const phase = phaseAt(circuit, nowMs);
  if (outcome.result === 'quota') {
    const untilMs = Math.max(outcome.untilMs ?? nowMs + limits.creditCooldownMs, nowMs + 1000);
    if (phase === 'open' && circuit.untilMs !== null && circuit.untilMs >= untilMs) return { circuit, change: null };
    const stated =
      outcome.untilMs === null ? `cooldown ${formatSeconds(limits.creditCooldownMs)}` : 'as the provider says';
    const reason = `out of credit or over the usage limit (${outcome.errorType ?? 'QuotaExhausted'}; ${stated})`;
    return open(circuit, phase, untilMs, reason, nowMs);
  }
  if (phase === 'open') return { circuit, change: null }; // late outcomes of calls made before it opened
  if (phase === 'half-open') {
    if (outcome.result === 'success') {
      const closed = { ...closedCircuit(nowMs), opened: circuit.opened, reason: 'probe succeeded' };
      return { circuit: closed, change: { from: phase, to: 'closed', reason: 'probe succeeded' } };
    }
    return open(circuit, phase, nowMs + limits.cooldownMs, `probe failed (${outcome.errorType ?? 'failure'})`, nowMs);
  }
  const failed = outcome.result === 'failure';
  const counted: Circuit = {
    ...circuit,
    consecutive: failed ? circuit.consecutive + 1 : 0,
    buckets: addToWindow(circuit.buckets, failed, limits.windowMs, nowMs),
  };
  if (!failed) return { circuit: counted, change: null };
  const last = outcome.errorType ?? 'failure';
  if (counted.consecutive >= limits.consecutiveFailures) {
    const reason = `${counted.consecutive} consecutive failures, last ${last}`;
    return open(counted, phase, nowMs + limits.cooldownMs, reason, nowMs);
  }
  const { total, failed: failures } = windowCounts(counted, limits.windowMs, nowMs);
  if (total >= limits.minRequests && failures / total >= limits.failureRate) {
    const share = Math.round((failures / total) * 100);
    const reason = `${share}% of ${total} attempts failed in ${formatSeconds(limits.windowMs)}, last ${last}`;
    return open(counted, phase, nowMs + limits.cooldownMs, reason, nowMs);
  }
  return { circuit: counted, change: null };
}

/**
 * Folds one reported event into a provider's circuits (by key). A success counts for the model (and, when the
 * route has a format circuit, for that); a format failure opens only the model × route circuit and counts as a
 * success for the model's health (the provider answered); a quota error opens the provider's account circuit.
 */
export function applyEvent(
  circuits: Readonly<Record<string, Circuit>>,
  event: CircuitEvent,
  settings: CircuitSettings,
  nowMs: number,
): { circuits: Record<string, Circuit>; transitions: CircuitTransition[] } {
  const next: Record<string, Circuit> = { ...circuits };
  const transitions: CircuitTransition[] = [];
  const health: Limits = settings;
  const format: Limits = {
    ...settings,
    consecutiveFailures: settings.formatFailures,
    failureRate: Number.POSITIVE_INFINITY,
    cooldownMs: settings.formatCooldownMs,
  };
  const fold = (key: string, result: 'success' | 'failure' | 'quota', limits: Limits, create: boolean) => {
    const current = next[key];
    if (!current && !create) return;
    const applied = applyOutcome(
      current ?? closedCircuit(nowMs),
      { result, errorType: event.errorType, untilMs: event.untilMs },
      limits,
      nowMs,
    );
    next[key] = applied.circuit;
    if (applied.change) transitions.push({ key, atMs: nowMs, ...applied.change });
  };
  const ok = event.kind === 'success' || event.kind === 'format';
  if (event.kind !== 'quota') fold(modelKey(event.model), ok ? 'success' : 'failure', health, true);
  if (event.route !== null && (event.kind === 'success' || event.kind === 'format')) {
    fold(
      formatKey(event.model, event.route),
      event.kind === 'format' ? 'failure' : 'success',
      format,
      event.kind === 'format',
    );
  }
  if (event.kind === 'quota') fold(ACCOUNT_KEY, 'quota', health, true);
  else if (ok) fold(ACCOUNT_KEY, 'success', health, false);
  return { circuits: next, transitions };
}

function open(
  circuit: Circuit,
  from: CircuitPhase,
  untilMs: number,
  reason: string,
  nowMs: number,
): { circuit: Circuit; change: { from: CircuitPhase; to: CircuitPhase; reason: string } } {
  const stillOpen = from === 'open';
  return {
    circuit: {
      ...circuit,
      phase: 'open',
      sinceMs: stillOpen ? circuit.sinceMs : nowMs,
      untilMs,
      reason,
      consecutive: 0,
      buckets: [],
      opened: stillOpen ? circuit.opened : circuit.opened + 1,
    },
    change: { from, to: 'open', reason },
  };
}

function addToWindow(
  buckets: Circuit['buckets'],
  failed: boolean,
  windowMs: number,
  nowMs: number,
): Circuit['buckets'] {
  const width = bucketMs(windowMs);
  const atMs = nowMs - (nowMs % width);
  const kept = buckets.filter((bucket) => bucket.atMs > nowMs - windowMs - width);
  const last = kept.at(-1);
  if (last && last.atMs === atMs) {
    return [...kept.slice(0, -1), { atMs, ok: last.ok + (failed ? 0 : 1), failed: last.failed + (failed ? 1 : 0) }];
  }
  return [...kept, { atMs, ok: failed ? 0 : 1, failed: failed ? 1 : 0 }];
}

export const iso = (ms: number) => new Date(ms).toISOString();
const formatSeconds = (ms: number) => (ms % 60_000 === 0 && ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);
