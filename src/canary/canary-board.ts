import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import {
  type CanaryControllerInput,
  type CanaryReport,
  type CanaryStatus,
  canaryReportSignal,
  canaryStateQuery,
} from '../../workflows/canary-messages.js';
import { withTimeout } from '../circuit/once.js';
import type { CanarySample } from '../policy/canary-guardrails.js';
import type { CanaryState, RolloutRole } from '../policy/canary-slice.js';
import { SyncedBoard, type SyncedBoardOptions } from '../temporal/synced-board.js';

/** How often a worker sends its batched outcomes to the controller, ms. */
export const CANARY_FLUSH_MS = 250;
/** How old a worker's copy of the controller's state may get, ms. */
export const CANARY_REFRESH_MS = 1000;
/** How long a request waits for the controller's state on this worker's first use of it, ms. */
const FIRST_FETCH_TIMEOUT_MS = 1000;
/** Outcomes kept per role while the controller cannot be reached. */
const MAX_PENDING = 2000;

/** Where a worker finds its controller. */
export interface CanaryControllerRef {
  workflowId: string;
  taskQueue: string;
  /** The controller's start input (from the worker's configuration). */
  input: CanaryControllerInput;
}

/** The controller's state as the worker last saw it. */
export interface CanaryView {
  state: CanaryState;
  reason: string | null;
}

interface Entity {
  ref: CanaryControllerRef;
  client: Client;
  view: CanaryView;
  fetchedAtMs: number;
  pending: CanaryReport;
  fetching: Promise<void> | null;
}

/**
 * A worker's view of its canary controllers (like the circuit board): the slice decision reads a cached copy of the
 * controller's state (refreshed by a Query at most every `refreshMs`; the controller is started on first use), and
 * finished requests are sent to the controller in batches (signal-with-start, every `flushMs`).
 */
export class CanaryBoard extends SyncedBoard<Entity> {
  constructor(options: SyncedBoardOptions = {}) {
    super('canary', { flushMs: CANARY_FLUSH_MS, refreshMs: CANARY_REFRESH_MS }, options);
  }

  /** The controller's state for a request; waits (at most 1 s) only on this worker's first use of the controller. */
  async view(ref: CanaryControllerRef, client: Client): Promise<CanaryView> {
    let entity = this.entities.get(ref.workflowId);
    if (!entity) {
      entity = {
        ref,
        client,
        view: { state: 'starting', reason: null },
        fetchedAtMs: 0,
        pending: { active: [], canary: [] },
        fetching: null,
      };
      this.entities.set(ref.workflowId, entity);
    }
    if (entity.fetchedAtMs === 0) await withTimeout(this.refresh(entity), FIRST_FETCH_TIMEOUT_MS);
    this.start();
    return entity.view;
  }

  /**
   * A finished request of a controller this worker uses, queued for the next batch. Dropped when the controller
   * has decided for good (promoted or rolled back: nothing left to judge) or this worker never asked for it.
   */
  report(workflowId: string, role: RolloutRole, sample: CanarySample): void {
    const entity = this.entities.get(workflowId);
    if (!entity || entity.view.state === 'promoted' || entity.view.state === 'rolled-back') return;
    const queue = entity.pending[role];
    queue.push(sample);
    if (queue.length > MAX_PENDING) queue.splice(0, queue.length - MAX_PENDING);
    this.start();
  }

  /** Sends what is pending and refreshes every copy (the timer does this every `flushMs`). */
  override async sync(nowMs = Date.now()): Promise<void> {
    await Promise.all(
      [...this.entities.values()].map(async (entity) => {
        await this.flush(entity);
        if (nowMs - entity.fetchedAtMs >= this.refreshMs) await this.refresh(entity);
      }),
    );
  }

  /** Sends what is pending now and reads every controller's state again (tests; `sync` waits for `refreshMs`). */
  async syncNow(): Promise<void> {
    await Promise.all(
      [...this.entities.values()].map(async (entity) => {
        await this.flush(entity);
        await this.refresh(entity);
      }),
    );
  }

  protected override async flush(entity: Entity): Promise<void> {
    const report = entity.pending;
    if (report.active.length === 0 && report.canary.length === 0) return;
    entity.pending = { active: [], canary: [] };
    try {
      await entity.client.workflow.signalWithStart('canaryControllerWorkflow', {
        workflowId: entity.ref.workflowId,
        taskQueue: entity.ref.taskQueue,
        args: [entity.ref.input],
        signal: canaryReportSignal,
        signalArgs: [report],
        staticSummary: `canary of policy ${entity.ref.input.candidate.version}`,
      });
    } catch (error) {
      this.warn('canary report not delivered', { workflowId: entity.ref.workflowId, error: String(error) });
    }
  }

  /** Reads the controller's state; starts the controller when it does not exist yet. */
  private refresh(entity: Entity): Promise<void> {
    return this.fetchOnce(entity, async () => {
      const handle = entity.client.workflow.getHandle(entity.ref.workflowId);
      try {
        const status: CanaryStatus = await handle.query(canaryStateQuery);
        entity.view = { state: status.state, reason: status.stateReason };
      } catch (error) {
        if ((error as Error)?.name !== 'WorkflowNotFoundError') {
          this.warn('canary state unavailable', { workflowId: entity.ref.workflowId, error: String(error) });
        } else {
          await this.startController(entity);
        }
      }
      entity.fetchedAtMs = Date.now();
    });
  }

  private async startController(entity: Entity): Promise<void> {
    try {
      await entity.client.workflow.start('canaryControllerWorkflow', {
        workflowId: entity.ref.workflowId,
        taskQueue: entity.ref.taskQueue,
        args: [entity.ref.input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        staticSummary: `canary of policy ${entity.ref.input.candidate.version}`,
      });
      // A new controller starts running; the next refresh reads what it says.
      if (entity.view.state === 'starting') entity.view = { state: 'running', reason: null };
    } catch (error) {
      this.warn('canary controller not started', { workflowId: entity.ref.workflowId, error: String(error) });
    }
  }
}

let shared: CanaryBoard | null = null;

/** The worker process's board (resolvePolicy and the request-finished sink share it unless a test injects one). */
export function sharedCanaryBoard(): CanaryBoard {
  shared ??= new CanaryBoard();
  return shared;
}
