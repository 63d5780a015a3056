import type { Client } from '@temporalio/client';
import {
  type CircuitReport,
  type CircuitSnapshot,
  circuitReportSignal,
  circuitStateQuery,
} from '../../workflows/circuit-messages.js';
import { applyEvent, type Circuit, type CircuitEvent, circuitEventKind, phaseAt } from '../policy/circuit-breaker.js';
import { checkCircuits } from '../policy/circuit-guard.js';
import type { CircuitSettings } from '../policy/circuit-schema.js';
import { SyncedBoard, type SyncedBoardOptions } from '../temporal/synced-board.js';
import type { BoardCircuit, BoardVerdict, CheckOptions, CircuitTarget } from './circuit-target.js';
import { requestProbeClaim } from './claim-probe.js';
import { once, withTimeout } from './once.js';

export { type BoardCircuit, type BoardVerdict, type CircuitTarget, circuitEntityId } from './circuit-target.js';

/** How often a worker sends its batched outcomes to the circuit entities, ms. */
export const DEFAULT_FLUSH_MS = 250;
/** How old a worker's copy of a circuit may get while the worker uses it, ms. */
export const DEFAULT_REFRESH_MS = 1000;
/** How long a worker waits for a circuit's state the first time it uses it, ms. */
const FIRST_FETCH_TIMEOUT_MS = 1000;
/** Entities unused for this long are no longer refreshed, ms. */
const IDLE_MS = 30_000;
/** Outcomes kept per model while the entity cannot be reached. */
const MAX_PENDING = 2000;

interface Entity {
  entityId: string;
  taskQueue: string;
  provider: string;
  client: Client;
  /** The entity's last answer with this worker's later outcomes folded in. */
  circuits: Record<string, Circuit>;
  fetchedAtMs: number;
  usedAtMs: number;
  /** Outcomes not yet sent, by model. */
  pending: Map<string, { settings: CircuitSettings; events: Omit<CircuitEvent, 'model'>[] }>;
  /**
   * Circuits this worker's own outcomes opened lately: kept over an entity answer that does not show them open
   * yet (its batch may not have been processed when the query was answered).
   */
  localOpens: Map<string, Circuit>;
  /** Probes in flight from this worker, by circuit key. */
  probes: Map<string, number>;
  /** Ids of probe claims whose attempts ended, sent with the next batch. */
  released: string[];
  fetching: Promise<void> | null;
}

/**
 * A worker's view of the shared circuit breakers: checks cost nothing per attempt (a read of a cached copy),
 * the worker's own outcomes change its copy at once, and a timer sends them to the entities in batches
 * (signal-with-start, every `flushMs`) and refreshes the copies it uses (a Query, at most every `refreshMs`).
 */
export class CircuitBoard extends SyncedBoard<Entity> {
  constructor(options: SyncedBoardOptions = {}) {
    super('circuit', { flushMs: DEFAULT_FLUSH_MS, refreshMs: DEFAULT_REFRESH_MS }, options);
  }

  /**
   * Whether an attempt may go out now. Waits for the entity's state only on this worker's first use of it, and for
   * the entity's answer only when a circuit of the attempt is half-open (a probe needs a fleet-wide slot).
   */
  async check(target: CircuitTarget, client: Client, options: CheckOptions = {}): Promise<BoardVerdict> {
    const nowMs = options.nowMs ?? Date.now();
    const entity = this.entity(target, client);
    entity.usedAtMs = nowMs;
    if (entity.fetchedAtMs === 0) await withTimeout(this.refresh(entity), FIRST_FETCH_TIMEOUT_MS);
    this.start();
    const now = Math.max(nowMs, Date.now());
    const verdict = checkCircuits(
      entity.circuits,
      target.model,
      target.route,
      now,
      target.settings.halfOpenProbes,
      (key) => entity.probes.get(key) ?? 0,
    );
    if (!verdict.allowed) return { allowed: false, message: verdict.message };
    if (verdict.probeKeys.length === 0) return { allowed: true, probe: false, release: () => undefined };
    // Held locally while the entity is asked, so this worker never asks for more than its own limit.
    const unhold = this.hold(entity, verdict.probeKeys);
    const claimed = await requestProbeClaim(client, target, options.attemptTimeoutMs);
    const release = once(() => {
      unhold();
      entity.released.push(claimed.id); // sent with the probe's outcome
      this.start();
    });
    if ('error' in claimed) {
      // The entity cannot be reached: fall back to this worker's own limit (docs/circuit-breaker.md, Limits).
      this.warn('probe claim failed, per-worker probe limit', { entityId: target.entityId, error: `${claimed.error}` });
      return { allowed: true, probe: true, release };
    }
    const answer = claimed.verdict;
    if (answer.allowed && answer.probeKeys.length > 0) return { allowed: true, probe: true, release };
    // The entity knows better (another worker probes, or the probe's outcome closed or reopened the circuit).
    unhold();
    void this.refresh(entity);
    if (!answer.allowed) return { allowed: false, message: answer.message };
    return { allowed: true, probe: false, release: () => undefined };
  }

  /** Records an attempt's outcome: folded into this worker's copy at once, sent to the entity with the next batch. */
  report(
    target: CircuitTarget,
    client: Client,
    outcome: { errorType: string | null; latencyMs: number; untilMs: number | null },
    nowMs = Date.now(),
  ): void {
    const kind = circuitEventKind(outcome.errorType, outcome.latencyMs, target.settings);
    if (kind === null) return;
    const entity = this.entity(target, client);
    const event = {
      route: target.route,
      kind,
      errorType: outcome.errorType,
      latencyMs: Math.round(outcome.latencyMs),
      untilMs: outcome.untilMs,
    };
    const applied = applyEvent(entity.circuits, { ...event, model: target.model }, target.settings, nowMs);
    entity.circuits = applied.circuits;
    for (const transition of applied.transitions) {
      if (transition.to === 'open') entity.localOpens.set(transition.key, applied.circuits[transition.key]!);
    }
    const batch = entity.pending.get(target.model) ?? { settings: target.settings, events: [] };
    batch.settings = target.settings;
    batch.events.push(event);
    if (batch.events.length > MAX_PENDING) batch.events.splice(0, batch.events.length - MAX_PENDING);
    entity.pending.set(target.model, batch);
    this.start();
  }

  /** Every circuit this worker knows, with its phase now (for the `switchyard_circuit_state` gauge). */
  circuits(nowMs = Date.now()): BoardCircuit[] {
    const rows: BoardCircuit[] = [];
    for (const entity of this.entities.values()) {
      for (const [key, circuit] of Object.entries(entity.circuits)) {
        rows.push({ provider: entity.provider, entityId: entity.entityId, key, phase: phaseAt(circuit, nowMs) });
      }
    }
    return rows;
  }

  /** Sends what is pending and refreshes the copies in use (the timer does this every `flushMs`). */
  override async sync(nowMs = Date.now()): Promise<void> {
    await Promise.all(
      [...this.entities.values()].map(async (entity) => {
        await this.flush(entity);
        if (nowMs - entity.usedAtMs < IDLE_MS && nowMs - entity.fetchedAtMs >= this.refreshMs)
          await this.refresh(entity);
      }),
    );
  }

  private entity(target: CircuitTarget, client: Client): Entity {
    let entity = this.entities.get(target.entityId);
    if (!entity) {
      entity = {
        entityId: target.entityId,
        taskQueue: target.taskQueue,
        provider: target.provider,
        client,
        circuits: {},
        fetchedAtMs: 0,
        usedAtMs: 0,
        pending: new Map(),
        probes: new Map(),
        released: [],
        localOpens: new Map(),
        fetching: null,
      };
      this.entities.set(target.entityId, entity);
    }
    return entity;
  }

  /** Counts probes of this worker in flight; the returned function ends them (once). */
  private hold(entity: Entity, keys: string[]): () => void {
    for (const key of keys) entity.probes.set(key, (entity.probes.get(key) ?? 0) + 1);
    return once(() => {
      for (const key of keys) entity.probes.set(key, Math.max(0, (entity.probes.get(key) ?? 1) - 1));
    });
  }

  protected override async flush(entity: Entity): Promise<void> {
    if (entity.pending.size === 0 && entity.released.length === 0) return;
    const report: CircuitReport = {
      models: [...entity.pending].map(([model, batch]) => ({ model, settings: batch.settings, events: batch.events })),
      ...(entity.released.length > 0 ? { released: entity.released } : {}),
    };
    entity.pending = new Map();
    entity.released = [];
    try {
      await entity.client.workflow.signalWithStart('circuitWorkflow', {
        workflowId: entity.entityId,
        taskQueue: entity.taskQueue,
        args: [{ provider: entity.provider }],
        signal: circuitReportSignal,
        signalArgs: [report],
        staticSummary: `circuit breaker of provider ${entity.provider}`,
      });
    } catch (error) {
      this.warn('circuit report not delivered', { entityId: entity.entityId, error: String(error) });
    }
  }

  /** Replaces this worker's copy with the entity's state, then folds in the outcomes not sent yet. */
  private refresh(entity: Entity): Promise<void> {
    return this.fetchOnce(entity, async () => {
      let circuits: Record<string, Circuit> = {};
      try {
        const snapshot: CircuitSnapshot = await entity.client.workflow
          .getHandle(entity.entityId)
          .query(circuitStateQuery);
        circuits = Object.fromEntries(
          snapshot.circuits.map(({ key, phaseNow: _phase, window: _window, ...circuit }) => [key, circuit]),
        );
      } catch (error) {
        // Not started yet (no outcome reported anywhere): every circuit is closed.
        if ((error as Error)?.name !== 'WorkflowNotFoundError') {
          this.warn('circuit state unavailable', { entityId: entity.entityId, error: String(error) });
          entity.fetchedAtMs = Date.now();
          return;
        }
      }
      const nowMs = Date.now();
      for (const [model, batch] of entity.pending) {
        for (const event of batch.events)
          circuits = applyEvent(circuits, { ...event, model }, batch.settings, nowMs).circuits;
      }
      for (const [key, local] of entity.localOpens) {
        const remote = circuits[key];
        const stale = nowMs - local.sinceMs > 3 * this.refreshMs + this.flushMs;
        if (stale || (remote && remote.sinceMs >= local.sinceMs)) entity.localOpens.delete(key);
        else if (!remote || phaseAt(remote, nowMs) !== 'open') circuits[key] = local;
      }
      entity.circuits = circuits;
      entity.fetchedAtMs = nowMs;
    });
  }
}

let shared: CircuitBoard | null = null;

/** The worker process's board (activities and the metrics gauge share it unless a test injects its own). */
export function sharedCircuitBoard(): CircuitBoard {
  shared ??= new CircuitBoard();
  return shared;
}
