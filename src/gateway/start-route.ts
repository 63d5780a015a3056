import { type CallerCredential, type RouteHandle, routeWorkflowId } from '../client/router-client.js';
import type { StreamTicket } from '../policy/stream-ticket.js';
import type { RouteRequest } from '../policy/types.js';
import { backoffMs, delay, isConnectionLoss } from './connection-loss.js';
import { GATEWAY_DEFAULTS, type GatewaySettings } from './gateway-settings.js';
import { noWorker } from './openai-error.js';
import type { ReadinessProbe } from './readiness-probe.js';
import type { Readiness } from './readiness-verdict.js';
import { routerFailure } from './router-failure.js';

/** Longest single start call inside the start window, ms (a call to a server that vanished is re-issued). */
const START_ATTEMPT_MS = 5000;

/** Pause between readiness looks during the no-worker grace, ms. */
const GRACE_RECHECK_MS = 250;

export interface StartRouteOptions {
  /** The authenticated caller, if any. */
  caller?: CallerCredential;
  /** The gateway's readiness probe: no polling worker answers 503 `no_worker` before anything starts. */
  readiness: ReadinessProbe;
  /** Aborts when the client hangs up (stops retrying; a started workflow is returned for the hang-up rule). */
  signal?: AbortSignal;
  /** The request's live-stream ticket (streamed requests). @default none */
  stream?: StreamTicket;
}

/**
 * Starts the routing workflow of a gateway request, failing fast and riding out a Temporal restart:
 * - when Temporal answers and no worker polls the router's task queue (still none after `noWorkerGraceMs`),
 *   503 `no_worker` (nothing starts; a request would otherwise wait for a worker that is not there);
 * - the workflow id is fixed before the first call (`routeWorkflowId`), so a start that failed with a lost
 *   connection is re-issued (capped backoff) within `startTimeoutMs`; a retry that finds the run already
 *   started attaches to it (REJECT_DUPLICATE plus the router's digest check), never starting a second run.
 * Other refusals map through `routerFailure` (400, 409, 429, 503, 500).
 */
export async function startRoute(
  settings: GatewaySettings,
  request: RouteRequest,
  options: StartRouteOptions,
): Promise<RouteHandle> {
  const windowMs = settings.startTimeoutMs ?? GATEWAY_DEFAULTS.startTimeoutMs;
  const giveUpAt = Date.now() + windowMs;
  const graceMs = settings.noWorkerGraceMs ?? GATEWAY_DEFAULTS.noWorkerGraceMs;
  const readiness = await workerReadiness(options.readiness, Math.min(windowMs, 2000), graceMs, options.signal);
  if (readiness.temporal && !readiness.ok) throw noWorker(`the router has no worker: ${readiness.reason}; retry later`);
  const workflowId = routeWorkflowId(request.requestId, options.caller);
  const routeOptions = {
    workflowId,
    ...(options.caller ? { caller: options.caller } : {}),
    ...(options.stream ? { stream: options.stream } : {}),
  };
  for (let attempt = 1; ; attempt += 1) {
    const attemptEnd = Math.min(giveUpAt, Date.now() + START_ATTEMPT_MS);
    try {
      return await settings.client.withDeadline(attemptEnd, () => settings.router.start(request, routeOptions));
    } catch (error) {
      const pause = backoffMs(attempt);
      if (!isConnectionLoss(error) || Date.now() + pause >= giveUpAt || options.signal?.aborted) {
        throw routerFailure(error);
      }
      settings.logger?.warn({ workflowId, attempt, err: String(error) }, 'start lost its connection: retrying');
      await delay(pause).promise;
    }
  }
}

/**
 * The readiness before a start: a verdict of "no worker" is looked at again (the probe's cache bounds the
 * questions) until `graceMs` has passed, because a worker that has just started takes a moment before its
 * first poll reaches the server. Temporal unreachable is returned at once (the start's own retries decide).
 */
async function workerReadiness(
  probe: ReadinessProbe,
  timeoutMs: number,
  graceMs: number,
  signal: AbortSignal | undefined,
): Promise<Readiness> {
  const giveUpAt = Date.now() + graceMs;
  for (;;) {
    // A recent ready answer lets the request through at once; the probe refreshes it in the background.
    const readiness = await probe.check({ timeoutMs, staleOk: true });
    if (readiness.ok || !readiness.temporal || Date.now() >= giveUpAt || signal?.aborted) return readiness;
    await delay(Math.min(GRACE_RECHECK_MS, giveUpAt - Date.now())).promise;
  }
}
