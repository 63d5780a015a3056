import { grpcCode } from './router-failure.js';

/** gRPC codes meaning "Temporal went away or did not answer in time": the same call may be issued again. */
const LOST = {
  unknown: 2,
  deadlineExceeded: 4,
  aborted: 10,
  internal: 13,
  unavailable: 14,
} as const;

/**
 * True when a Temporal call failed because the connection was lost (server restarting, network cut, a
 * call outliving its deadline), not because the server refused it: UNAVAILABLE, DEADLINE_EXCEEDED,
 * UNKNOWN, ABORTED, and INTERNAL with an HTTP/2 stream reset (what a server killed mid-call produces).
 * Re-issuing such a call is safe for reads (a result poll) and for idempotent writes (a start with a fixed
 * workflow id, a cancel).
 */
export function isConnectionLoss(error: unknown): boolean {
  const code = grpcCode(error);
  if (code === LOST.internal)
    return /RST_STREAM|Call ended without gRPC status|Connection dropped/i.test(detailsOf(error));
  return code === LOST.unavailable || code === LOST.deadlineExceeded || code === LOST.unknown || code === LOST.aborted;
}

/** Backoff of the gateway's reconnect loops. */
export interface Backoff {
  /** First pause, ms. @default 250 */
  initialMs: number;
  /** Longest pause, ms. @default 2000 */
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 250, maxMs: 2000 };

/** Pause before retry number `attempt` (1-based): doubling from `initialMs`, capped at `maxMs`, ms. */
export function backoffMs(attempt: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1));
}

/** A promise that resolves after `ms` (never rejects); `clear` stops it early. */
export function delay(ms: number): { promise: Promise<'timeout'>; clear(): void } {
  let timeout: NodeJS.Timeout | undefined;
  const promise = new Promise<'timeout'>((resolve) => {
    timeout = setTimeout(() => resolve('timeout'), Math.max(0, ms));
  });
  return { promise, clear: () => clearTimeout(timeout) };
}

function detailsOf(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const { message, details } = current as { message?: unknown; details?: unknown };
    parts.push(String(details ?? ''), String(message ?? ''));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(' ');
}
