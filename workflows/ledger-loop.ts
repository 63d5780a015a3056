import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';

/**
 * Continue as new after this many updates even if the server does not suggest it; below the server's
 * `limit.workflowExecutionMaxTotalUpdates` (default 2000 per run). @default 1000
 */
export const LEDGER_UPDATES_PER_RUN = 1000;
/** How long a settled reservation id is remembered to make repeated commits no-ops, ms. @default 1 h */
export const SETTLED_MEMORY_MS = 3_600_000;
/** A ledger closes this long after its period ended, once nothing is reserved, ms. @default 1 h */
export const CLOSE_AFTER_END_MS = 3_600_000;
/** Longest reservation TTL accepted, ms. @default 1 h */
export const MAX_RESERVATION_TTL_MS = 3_600_000;

/** The reservations part of a ledger's state (budget and quota ledgers share it). */
export interface ReservationBook {
  /** Open reservations by id. */
  reservations: Record<string, { amountMicros: number; expiresAtMs: number }>;
  /** Recently committed or released reservation ids → when, epoch ms: a repeated commit is a no-op. */
  settled: Record<string, number>;
}

export interface LedgerLoop<R> {
  book: ReservationBook;
  /** First instant after the period, epoch ms. */
  periodEndMs: number;
  /** Updates handled in this run so far. */
  updates: () => number;
  /** True when no activity the ledger started (alerts) is still running. */
  idle: () => boolean;
  /** Releases an expired reservation (its request died without committing). */
  expire: (id: string) => void;
  /** Drops other memory older than its keep time (called with the clock each turn). @default nothing */
  prune?: (nowMs: number) => void;
  /** The ledger's result when it closes. */
  close: () => R;
  /** Continues as new carrying the state. */
  continueAsNew: () => Promise<never>;
}

/**
 * The life of a ledger entity: expire reservations on time, forget old settled ids, continue as new every
 * LEDGER_UPDATES_PER_RUN updates (or when the server suggests it), and close an hour after the period, once
 * nothing is reserved. Update handlers run beside it; it only waits.
 */
export async function runLedgerLoop<R>(loop: LedgerLoop<R>): Promise<R> {
  const { book } = loop;
  for (;;) {
    const now = Date.now();
    for (const [id, reservation] of Object.entries(book.reservations)) {
      if (reservation.expiresAtMs <= now) loop.expire(id);
    }
    for (const [id, at] of Object.entries(book.settled)) if (now - at > SETTLED_MEMORY_MS) delete book.settled[id];
    loop.prune?.(now);
    const open = Object.keys(book.reservations).length;
    if (open === 0 && now >= loop.periodEndMs + CLOSE_AFTER_END_MS && loop.idle()) {
      await condition(allHandlersFinished);
      return loop.close();
    }
    if (loop.updates() >= LEDGER_UPDATES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(() => loop.idle() && allHandlersFinished());
      return await loop.continueAsNew();
    }
    const nextExpiry = Math.min(
      ...Object.values(book.reservations).map((item) => item.expiresAtMs),
      open === 0 ? loop.periodEndMs + CLOSE_AFTER_END_MS : Number.POSITIVE_INFINITY,
    );
    const seenOpen = open;
    await condition(
      () =>
        loop.updates() >= LEDGER_UPDATES_PER_RUN ||
        workflowInfo().continueAsNewSuggested ||
        (seenOpen === 0 && Object.keys(book.reservations).length > 0),
      Math.max(1, nextExpiry - now),
    );
  }
}

/** Throws when a reservation id is not a non-empty string of at most 400 characters. */
export function assertReservationId(id: unknown): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > 400) throw new Error('invalid reservationId');
}

/** Throws when a USD amount is not a finite number in 0..1e9. */
export function assertUsd(value: unknown, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e9)
    throw new Error(`invalid ${what}`);
}

/** Throws when a TTL is not an integer in 1..MAX_RESERVATION_TTL_MS. */
export function assertTtl(ttlMs: unknown): void {
  if (!Number.isInteger(ttlMs) || (ttlMs as number) <= 0 || (ttlMs as number) > MAX_RESERVATION_TTL_MS)
    throw new Error(`ttlMs must be an integer in 1..${MAX_RESERVATION_TTL_MS}`);
}
