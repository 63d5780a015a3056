import type { CachedAnswer, CacheStoreInput } from '../policy/answer-cache.js';
import { DEFAULT_CACHE_MAX_ENTRIES } from '../policy/cache-schema.js';

/**
 * Where answers are kept (docs/router.md, "Answer cache"). The default is `MemoryAnswerStore`, embedded in the
 * worker; a shared store (e.g. Redis) for several workers implements the same two calls.
 */
export interface AnswerStore {
  /** The live entry under `key`, or null (absent or expired). */
  get(key: string): Promise<CachedAnswer | null>;
  /** Keeps an answer for `ttlSeconds`. */
  set(input: CacheStoreInput): Promise<void>;
}

export interface MemoryAnswerStoreSettings {
  /** The clock, epoch ms (tests step it). @default Date.now */
  now?: () => number;
}

interface Slot {
  value: CachedAnswer;
  expiresAtMs: number;
}

/**
 * An in-process LRU with a TTL per entry, one LRU per route bounded by the route's `maxEntries` (default 1000).
 * A `Map` keeps insertion order, so re-inserting on every read makes its first key the least recently used.
 * Expired entries are dropped when read, and first when a route is over its bound. Lost when the worker restarts.
 */
export class MemoryAnswerStore implements AnswerStore {
  private readonly routes = new Map<string, Map<string, Slot>>();
  /** Route of each key, to find an entry from its key alone. */
  private readonly routeOf = new Map<string, string>();
  private readonly now: () => number;

  constructor(settings: MemoryAnswerStoreSettings = {}) {
    this.now = settings.now ?? Date.now;
  }

  async get(key: string): Promise<CachedAnswer | null> {
    const route = this.routeOf.get(key);
    const slots = route === undefined ? undefined : this.routes.get(route);
    const slot = slots?.get(key);
    if (!slots || !slot) return null;
    slots.delete(key);
    if (slot.expiresAtMs <= this.now()) {
      this.routeOf.delete(key);
      return null;
    }
    slots.set(key, slot); // most recently used now
    return slot.value;
  }

  async set(input: CacheStoreInput): Promise<void> {
    const nowMs = this.now();
    const previous = this.routeOf.get(input.key);
    if (previous !== undefined) this.routes.get(previous)?.delete(input.key);
    let slots = this.routes.get(input.route);
    if (!slots) {
      slots = new Map();
      this.routes.set(input.route, slots);
    }
    slots.set(input.key, {
      value: { ...input.entry, cachedAt: new Date(nowMs).toISOString() },
      expiresAtMs: nowMs + input.ttlSeconds * 1000,
    });
    this.routeOf.set(input.key, input.route);
    this.evict(slots, input.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES, nowMs);
  }

  /** Entries held for a route (expired ones included until they are read or evicted). */
  size(route: string): number {
    return this.routes.get(route)?.size ?? 0;
  }

  /** Drops expired entries, then the least recently used, until the route holds at most `maxEntries`. */
  private evict(slots: Map<string, Slot>, maxEntries: number, nowMs: number): void {
    if (slots.size <= maxEntries) return;
    for (const [key, slot] of slots) {
      if (slot.expiresAtMs > nowMs) continue;
      slots.delete(key);
      this.routeOf.delete(key);
    }
    for (const key of slots.keys()) {
      if (slots.size <= maxEntries) break;
      slots.delete(key);
      this.routeOf.delete(key);
    }
  }
}
