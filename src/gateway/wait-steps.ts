import { setMaxListeners } from 'node:events';
import type { RouteHandle } from '../client/router-client.js';
import type { RouteResult } from '../policy/types.js';
import { delay } from './connection-loss.js';

/** How long after the poll's own limit its gRPC deadline falls, ms. */
const POLL_DEADLINE_MARGIN_MS = 1000;

/** How one result long poll ended: the result, or an error (`timedOut`: our own per-poll limit fired). */
export type PollEnd = { ok: true; result: RouteResult } | { ok: false; error: unknown; timedOut: boolean };

/** One result long poll, abandoned (and aborted) at its own timeout; `ended` never rejects. */
export interface Poll {
  ended: Promise<PollEnd>;
  abort(): void;
}

/** How a raced step of the wait ended. */
export type Step<T> =
  | { kind: 'settled'; value: T }
  | { kind: 'failed'; error: unknown }
  | { kind: 'gone' }
  | { kind: 'timeout' };

/** Starts one result long poll that ends by itself after `timeoutMs`, ms. */
export function startPoll(handle: RouteHandle, timeoutMs: number): Poll {
  const controller = new AbortController();
  // The client library adds an abort listener per history call made under the signal and never removes it;
  // a result wait loops over such calls, so one poll's short-lived signal may collect many (no leak warning).
  setMaxListeners(0, controller.signal);
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  const ended = new Promise<PollEnd>((settle) => {
    const resolve = (end: PollEnd) => {
      settled = true;
      settle(end);
    };
    // Resolved by whichever comes first; an abort that the client library does not observe cannot hang us.
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, error: null, timedOut: true });
    }, timeoutMs);
    // The gRPC deadline, a little after our own limit, ends any retry the client library still has queued
    // for an abandoned poll (its retries do not observe the abort signal).
    handle.result({ signal: controller.signal, timeoutMs: timeoutMs + POLL_DEADLINE_MARGIN_MS }).then(
      (result) => resolve({ ok: true, result }),
      (error: unknown) => resolve({ ok: false, error, timedOut: controller.signal.aborted }),
    );
  }).finally(() => clearTimeout(timer));
  return {
    ended,
    abort: () => {
      clearTimeout(timer);
      // A poll that ended has nothing in flight: aborting it would only run the listeners it left (~0.1 ms).
      if (!settled) controller.abort();
    },
  };
}

/** Races a step against the hang-up and a time limit (ms); the loser is abandoned, never awaited. */
export async function raceStep<T>(promise: Promise<T>, gone: Promise<'aborted'>, ms: number): Promise<Step<T>> {
  const timer = delay(ms);
  try {
    return await Promise.race([
      promise.then(
        (value): Step<T> => ({ kind: 'settled', value }),
        (error: unknown): Step<T> => ({ kind: 'failed', error }),
      ),
      gone.then((): Step<T> => ({ kind: 'gone' })),
      timer.promise.then((): Step<T> => ({ kind: 'timeout' })),
    ]);
  } finally {
    timer.clear();
  }
}

/** A promise that resolves when `signal` aborts; `dispose` removes the listener. */
export function abortPromise(signal: AbortSignal): { promise: Promise<'aborted'>; dispose(): void } {
  let onAbort: () => void = () => undefined;
  const promise = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
