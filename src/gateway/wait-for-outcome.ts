import type { RouteStatus } from '../../workflows/types.js';
import type { RouteHandle } from '../client/router-client.js';
import type { RouteResult } from '../policy/types.js';

/** How a gateway request's wait ended. */
export type WaitOutcome =
  | { kind: 'result'; result: RouteResult }
  | { kind: 'pending-review'; status: RouteStatus }
  | { kind: 'client-gone' };

export interface WaitOptions {
  /** The HTTP request's signal: aborts when the client disconnects. */
  signal: AbortSignal;
  /** How long a request parked for a person may hold the HTTP request, ms. */
  reviewWaitMs: number;
  /** How often a request still running after `reviewWaitMs` is checked again, ms. @default 1000 */
  recheckMs?: number;
  /** Called when the client went away and the workflow was asked to cancel (or cancelling failed). */
  onCancel?: (error: unknown | null) => void;
}

/**
 * Waits for a routed request's result, bounded for human review: once `reviewWaitMs` has passed, a
 * request whose workflow waits for a person is answered as pending (the workflow goes on); one still
 * calling models is waited for (the policy's deadline bounds it). A disconnected client cancels the
 * workflow. Errors of the result itself (workflow failed) are thrown.
 */
export async function waitForOutcome(handle: RouteHandle, options: WaitOptions): Promise<WaitOutcome> {
  const stopWaiting = new AbortController();
  const settled = handle.result({ signal: stopWaiting.signal }).then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const gone = abortPromise(options.signal);
  let waitMs = options.reviewWaitMs;
  try {
    for (;;) {
      const timer = delay(waitMs);
      const first = await Promise.race([settled, gone.promise, timer.promise]).finally(timer.clear);
      if (first === 'aborted') {
        await handle.cancel().then(
          () => options.onCancel?.(null),
          (error: unknown) => options.onCancel?.(error),
        );
        return { kind: 'client-gone' };
      }
      if (first !== 'timeout') {
        if (first.ok) return { kind: 'result', result: first.result };
        throw first.error;
      }
      const status = await handle.status();
      if (status.result) return { kind: 'result', result: status.result };
      if (status.phase === 'awaiting-review') return { kind: 'pending-review', status };
      waitMs = options.recheckMs ?? 1000;
    }
  } finally {
    gone.dispose();
    stopWaiting.abort();
    await settled;
  }
}

function delay(ms: number): { promise: Promise<'timeout'>; clear(): void } {
  let timeout: NodeJS.Timeout | undefined;
  const promise = new Promise<'timeout'>((resolve) => {
    timeout = setTimeout(() => resolve('timeout'), ms);
  });
  return { promise, clear: () => clearTimeout(timeout) };
}

function abortPromise(signal: AbortSignal): { promise: Promise<'aborted'>; dispose(): void } {
  let onAbort: () => void = () => undefined;
  const promise = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
