import type { ServerResponse } from 'node:http';
import type { RouteHandle } from '../client/router-client.js';
import { backoffMs, delay, isConnectionLoss } from './connection-loss.js';

/**
 * What a client hang-up does to its workflow. `cancel`: nobody will read the answer, so the workflow is
 * cancelled (no more model calls, no more spending). `keep-running`: the request carried an idempotency key,
 * so the client may come back; the workflow runs to completion and a retry with the same key attaches to it
 * and gets its result.
 */
export type HangUpPolicy = 'cancel' | 'keep-running';

/** The gateway's rule: keep a request with an idempotency key running; cancel any other. */
export function hangUpPolicyFor(idempotencyKey: string | undefined): HangUpPolicy {
  return idempotencyKey === undefined ? 'cancel' : 'keep-running';
}

/**
 * A signal that aborts when the client hangs up: on @hono/node-server (`env.outgoing`), the Node response's `close`
 * before it finished writing, which is also what the adapter aborts `Request.signal` on (so that signal, and the
 * composite of the two, are not built: ~0.1 ms a request); it covers streamed answers whose body is still open and
 * does not depend on how an adapter version wires `Request.signal`. Elsewhere (Hono's `app.request`), the Fetch
 * request's own signal.
 */
export function clientGoneSignal(request: Request, env: unknown): AbortSignal {
  const outgoing = (env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (!outgoing || typeof outgoing.once !== 'function') return request.signal;
  const closed = new AbortController();
  const onClose = () => {
    if (!outgoing.writableFinished) closed.abort(new Error('client closed the connection'));
  };
  if (outgoing.destroyed) onClose();
  else outgoing.once('close', onClose);
  return closed.signal;
}

/** Options of `cancelDurably`. */
export interface CancelOptions {
  /** Stop retrying at this time, ms since the epoch. */
  untilMs: number;
  /** Called once: null when cancelled (or already closed), else the last error. */
  onDone?: (error: unknown | null) => void;
}

/**
 * Cancels a workflow and keeps trying through a lost Temporal connection (a restart) until `untilMs`:
 * a hang-up during an outage must still stop the spending once the server is back. A refusal that is not
 * a connection loss (the workflow already closed, not found) ends the attempt.
 */
export async function cancelDurably(handle: Pick<RouteHandle, 'cancel'>, options: CancelOptions): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await handle.cancel();
      options.onDone?.(null);
      return;
    } catch (error) {
      const pause = backoffMs(attempt);
      if (!isConnectionLoss(error) || Date.now() + pause > options.untilMs) {
        options.onDone?.(error);
        return;
      }
      await delay(pause).promise;
    }
  }
}
