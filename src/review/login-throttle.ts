import type { Context } from 'hono';

export interface LoginThrottleSettings {
  /** Failed sign-ins allowed per client address per window. @default 5 */
  perClient?: number;
  /** Failed sign-ins allowed from all clients together per window. @default 20 */
  global?: number;
  /** Window length, ms. @default 60000 */
  windowMs?: number;
  /** Most client addresses tracked; the oldest are forgotten beyond it (the global limit still holds). @default 10000 */
  maxClients?: number;
  /** Clock, ms since the epoch. @default Date.now */
  now?: () => number;
}

interface Window {
  start: number;
  failures: number;
}

/** Key of the window that counts every client's failures. */
const ALL = '*';

/**
 * Fixed-window throttle for reviewer sign-ins: after `perClient` failures from one address, or `global`
 * failures from anyone, within `windowMs`, sign-ins (right or wrong) wait until the window ends, so
 * tokens cannot be guessed at speed and a refusal says nothing about the token. Memory is bounded.
 */
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();
  private readonly perClient: number;
  private readonly global: number;
  private readonly windowMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(settings: LoginThrottleSettings = {}) {
    this.perClient = settings.perClient ?? 5;
    this.global = settings.global ?? 20;
    this.windowMs = settings.windowMs ?? 60_000;
    this.maxClients = settings.maxClients ?? 10_000;
    this.now = settings.now ?? Date.now;
  }

  /** Seconds until this client may try to sign in again; 0 when it may try now. */
  retryAfterSeconds(client: string): number {
    const waitMs = Math.max(this.waitMs(client, this.perClient), this.waitMs(ALL, this.global));
    return Math.ceil(waitMs / 1000);
  }

  recordFailure(client: string): void {
    this.count(ALL);
    this.count(client);
    while (this.trackedClients > this.maxClients) {
      for (const key of this.windows.keys()) {
        if (key === ALL) continue;
        this.windows.delete(key);
        break;
      }
    }
  }

  /** A successful sign-in clears the client's own failures (not the global count). */
  recordSuccess(client: string): void {
    this.windows.delete(client);
  }

  /** Addresses tracked (tests, metrics). */
  get trackedClients(): number {
    return this.windows.size - (this.windows.has(ALL) ? 1 : 0);
  }

  private waitMs(key: string, limit: number): number {
    const window = this.current(key);
    if (!window || window.failures < limit) return 0;
    return window.start + this.windowMs - this.now();
  }

  private count(key: string): void {
    const window = this.current(key) ?? { start: this.now(), failures: 0 };
    window.failures += 1;
    // Re-inserted so the map's order is least recently failed first.
    this.windows.delete(key);
    this.windows.set(key, window);
  }

  private current(key: string): Window | null {
    const window = this.windows.get(key);
    if (!window) return null;
    if (this.now() - window.start >= this.windowMs) {
      this.windows.delete(key);
      return null;
    }
    return window;
  }
}

/** The client's address (the socket's peer under @hono/node-server; `unknown` without a socket). */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
