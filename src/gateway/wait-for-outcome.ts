import type { RouteStatus } from '../../workflows/types.js';
import type { RouteHandle } from '../client/router-client.js';
import type { RouteResult } from '../policy/types.js';
import { cancelDurably, type HangUpPolicy } from './client-hang-up.js';
import { backoffMs, isConnectionLoss } from './connection-loss.js';
import { GatewayError, noWorker } from './openai-error.js';
import { abortPromise, type Poll, raceStep, startPoll } from './wait-steps.js';

/** How a gateway request's wait ended. */
export type WaitOutcome =
  | { kind: 'result'; result: RouteResult }
  | { kind: 'pending-review'; status: RouteStatus }
  | { kind: 'client-gone' };

export interface WaitOptions {
  /** Aborts when the client hangs up. */
  signal: AbortSignal;
  /** What a hang-up does to the workflow. @default 'cancel' */
  hangUp?: HangUpPolicy;
  /**
   * How long a request parked for a person may hold the HTTP request, ms: counted from the moment it parked
   * when `parked` is given (0: the pending answer goes out at once), else from the start of the wait.
   */
  reviewWaitMs: number;
  /**
   * Whether the request has parked for a person (a seam: the gateway reads the `SwitchyardNeedsReview` search
   * attribute with `describe`, which the server answers from the workflow's current state, no worker involved);
   * null when the request does not carry the attribute (then status queries are asked instead). Checked every
   * `parkCheckMs` while no outcome has arrived. @default not checked: status queries after `reviewWaitMs`
   */
  parked?: () => Promise<boolean | null>;
  /** See `parked`, ms. @default 250 */
  parkCheckMs?: number;
  /** How often a request still running after `reviewWaitMs` is checked again, ms. @default 1000 */
  recheckMs?: number;
  /**
   * The whole wait, ms: past it the client gets a 504 (or a 503 when Temporal is still unreachable).
   * Derive it from the policy's deadline + `reviewWaitMs` + slack (`outcomeWaitBoundMs`).
   */
  maxWaitMs: number;
  /**
   * Limit on one result long poll, ms: a poll that neither answers nor fails by then (its connection died
   * silently with the server) is abandoned and issued again. @default 30000
   */
  pollTimeoutMs?: number;
  /**
   * Whether the workflow's first task was picked up by a worker (a seam: the gateway asks `describe`).
   * With it, a workflow no worker has touched `firstTaskTimeoutMs` after the wait began ends the wait with
   * 503 `no_worker` (pollers looked alive but were not), and `hangUp` applies to it. @default not checked
   */
  firstTaskStarted?: () => Promise<boolean>;
  /** See `firstTaskStarted`, ms. @default 10000 */
  firstTaskTimeoutMs?: number;
  /** Limit on one status query or first-task check, ms. @default 5000 */
  checkTimeoutMs?: number;
  /** Called when the client went away: with null once the workflow is cancelled, else with why not. */
  onCancel?: (error: unknown | null) => void;
  /** Called when a result poll is issued again after a lost connection (logging). */
  onReconnect?: (error: unknown, attempt: number) => void;
}

/** Defaults of the wait's optional timing options, ms. */
export const WAIT_DEFAULTS = {
  recheckMs: 1000,
  parkCheckMs: 250,
  pollTimeoutMs: 30_000,
  firstTaskTimeoutMs: 10_000,
  checkTimeoutMs: 5000,
} as const;

/**
 * Waits for a routed request's outcome and survives Temporal restarts: a result long poll that fails with a
 * lost connection, or hangs past `pollTimeoutMs`, is issued again (capped backoff) until the outcome arrives
 * or `maxWaitMs` passes. Bounded for human review: a request waiting for a person is answered as pending (the
 * workflow goes on) as soon as it parks (`parked`, checked every `parkCheckMs`), or `reviewWaitMs` after that. A hang-up ends the wait at once and applies `hangUp`.
 * Errors of the result itself (the workflow failed) are thrown; so are the bounds, as GatewayErrors.
 */
export async function waitForOutcome(handle: RouteHandle, options: WaitOptions): Promise<WaitOutcome> {
  const startedAt = Date.now();
  const giveUpAt = startedAt + options.maxWaitMs;
  const recheckMs = options.recheckMs ?? WAIT_DEFAULTS.recheckMs;
  const firstTaskTimeoutMs = options.firstTaskTimeoutMs ?? WAIT_DEFAULTS.firstTaskTimeoutMs;
  const checkTimeoutMs = options.checkTimeoutMs ?? WAIT_DEFAULTS.checkTimeoutMs;
  const parkCheckMs = options.parkCheckMs ?? WAIT_DEFAULTS.parkCheckMs;
  // With the park check, status queries start once the request parked; without, after reviewWaitMs.
  let reviewCheckAt = options.parked ? Number.POSITIVE_INFINITY : startedAt + options.reviewWaitMs;
  let parkCheckAt = options.parked ? startedAt + parkCheckMs : Number.POSITIVE_INFINITY;
  let firstTaskCheckAt = options.firstTaskStarted ? startedAt + firstTaskTimeoutMs : Number.POSITIVE_INFINITY;
  let poll: Poll | null = startPoll(handle, options.pollTimeoutMs ?? WAIT_DEFAULTS.pollTimeoutMs);
  let pollAgainAt = Number.POSITIVE_INFINITY;
  let losses = 0;
  let lastLoss: unknown = null;
  const gone = abortPromise(options.signal);
  // Races a step against the hang-up and a time limit; the loser is abandoned, never awaited.
  const within = <T>(promise: Promise<T>, ms: number) => raceStep(promise, gone.promise, ms);
  try {
    for (;;) {
      const now = Date.now();
      if (now >= giveUpAt) throw waitExpired(handle.workflowId, options.maxWaitMs, lastLoss);
      const wakeAt = Math.min(giveUpAt, reviewCheckAt, parkCheckAt, firstTaskCheckAt, pollAgainAt);
      const step = await within(poll ? poll.ended : new Promise<never>(() => undefined), wakeAt - now);
      if (step.kind === 'gone') return clientGone(handle, options, giveUpAt);
      if (step.kind === 'settled') {
        const end = step.value;
        if (end.ok) return { kind: 'result', result: end.result };
        if (!end.timedOut && !isConnectionLoss(end.error)) throw end.error;
        poll = null;
        if (end.timedOut) pollAgainAt = Date.now();
        else {
          losses += 1;
          lastLoss = end.error;
          options.onReconnect?.(end.error, losses);
          pollAgainAt = Date.now() + backoffMs(losses);
          // An outage may have delayed the first task's dispatch: give the worker a fresh bound.
          if (Number.isFinite(firstTaskCheckAt))
            firstTaskCheckAt = Math.max(firstTaskCheckAt, Date.now() + firstTaskTimeoutMs);
        }
        continue;
      }
      if (step.kind === 'failed') throw step.error; // unreachable: a poll never rejects
      const woke = Date.now();
      if (!poll && woke >= pollAgainAt) {
        poll = startPoll(handle, options.pollTimeoutMs ?? WAIT_DEFAULTS.pollTimeoutMs);
        pollAgainAt = Number.POSITIVE_INFINITY;
      }
      if (woke >= parkCheckAt) {
        parkCheckAt = woke + parkCheckMs;
        const checked = await within(options.parked!(), checkTimeoutMs);
        if (checked.kind === 'gone') return clientGone(handle, options, giveUpAt);
        if (checked.kind === 'settled' && checked.value !== false) {
          // Parked (hold for reviewWaitMs), or no attribute to tell: status queries from now on decide.
          parkCheckAt = Number.POSITIVE_INFINITY;
          reviewCheckAt = Date.now() + (checked.value === true ? options.reviewWaitMs : 0);
        }
        // A failed or slow describe (Temporal restarting) is asked again later.
      }
      if (woke >= reviewCheckAt) {
        reviewCheckAt = woke + recheckMs;
        const checked = await within(handle.status(), checkTimeoutMs);
        if (checked.kind === 'gone') return clientGone(handle, options, giveUpAt);
        if (checked.kind === 'settled') {
          lastLoss = null;
          if (checked.value.result) return { kind: 'result', result: checked.value.result };
          if (checked.value.phase === 'awaiting-review') return { kind: 'pending-review', status: checked.value };
        }
        // A failed or slow status query (no worker to answer it during a restart) is asked again later.
      }
      if (woke >= firstTaskCheckAt) {
        firstTaskCheckAt = woke + recheckMs;
        const checked = await within(options.firstTaskStarted!(), checkTimeoutMs);
        if (checked.kind === 'gone') return clientGone(handle, options, giveUpAt);
        if (checked.kind === 'settled') lastLoss = null;
        if (checked.kind === 'settled' && checked.value) firstTaskCheckAt = Number.POSITIVE_INFINITY;
        if (checked.kind === 'settled' && !checked.value) {
          // The client is told to retry: the orphan follows the hang-up rule (a retry with the key attaches).
          abandon(handle, options, giveUpAt);
          throw firstTaskNotPickedUp(handle.workflowId, firstTaskTimeoutMs);
        }
      }
    }
  } finally {
    gone.dispose();
    poll?.abort();
  }
}

function firstTaskNotPickedUp(workflowId: string, timeoutMs: number): GatewayError {
  return noWorker(
    `no worker picked up the request within ${timeoutMs} ms (the task queue's pollers are gone); retry later`,
  ).forWorkflow(workflowId);
}

function waitExpired(workflowId: string, maxWaitMs: number, lastLoss: unknown): GatewayError {
  const seconds = Math.round(maxWaitMs / 1000);
  const error =
    lastLoss === null
      ? new GatewayError(
          504,
          `no outcome within ${seconds} s; the request may still finish`,
          'server_error',
          null,
          'routing_timeout',
        )
      : new GatewayError(
          503,
          `lost the connection to Temporal and no outcome within ${seconds} s; the request may still finish`,
          'server_error',
          null,
          'router_unavailable',
        );
  return error.forWorkflow(workflowId);
}

function clientGone(handle: RouteHandle, options: WaitOptions, untilMs: number): WaitOutcome {
  abandon(handle, options, untilMs);
  return { kind: 'client-gone' };
}

/** Applies the hang-up rule to a request nobody waits for any more: cancel it, or let it run. */
function abandon(handle: RouteHandle, options: WaitOptions, untilMs: number): void {
  if ((options.hangUp ?? 'cancel') === 'cancel') {
    void cancelDurably(handle, { untilMs, ...(options.onCancel ? { onDone: options.onCancel } : {}) });
  }
}
