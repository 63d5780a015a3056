import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A logged-in reviewer. The identity comes from their token, never from a form. */
export interface ReviewSession {
  /** Random id carried by the session cookie. */
  id: string;
  /** Reviewer identity the token maps to (sent as `reviewer` in every decision). */
  identity: string;
  /**
   * The reviewer token the session signed in with: it signs their decisions. Kept in this process's
   * memory only; never rendered, logged or put in a cookie.
   */
  credential: string;
  /** Per-session CSRF token every form carries. */
  csrf: string;
  /** Expiry, ms since the epoch. */
  expiresAt: number;
}

export interface SessionStoreSettings {
  /** Session lifetime, ms. @default 12 hours */
  ttlMs?: number;
  /** Most sessions kept; the oldest is dropped beyond it. @default 1000 */
  maxSessions?: number;
  /** Clock, ms since the epoch. @default Date.now */
  now?: () => number;
}

/** In-memory reviewer sessions (a restart logs everyone out, which is fine for a review desk). */
export class SessionStore {
  readonly ttlMs: number;
  private readonly sessions = new Map<string, ReviewSession>();
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(settings: SessionStoreSettings = {}) {
    this.ttlMs = settings.ttlMs ?? 12 * 3_600_000;
    this.maxSessions = settings.maxSessions ?? 1000;
    this.now = settings.now ?? Date.now;
  }

  create(identity: string, credential: string): ReviewSession {
    const session: ReviewSession = {
      id: randomBytes(32).toString('base64url'),
      identity,
      credential,
      csrf: randomBytes(32).toString('base64url'),
      expiresAt: this.now() + this.ttlMs,
    };
    this.sessions.set(session.id, session);
    while (this.sessions.size > this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    return session;
  }

  /** The live session with this id, or null (unknown or expired). */
  get(id: string | undefined): ReviewSession | null {
    if (!id) return null;
    const session = this.sessions.get(id);
    if (!session) return null;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return null;
    }
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }
}

/** True when a submitted CSRF token matches the session's (constant time). */
export function csrfMatches(session: ReviewSession, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const expected = Buffer.from(session.csrf);
  const given = Buffer.from(submitted);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
