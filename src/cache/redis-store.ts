import type { CachedAnswer, CacheStoreInput } from '../policy/answer-cache.js';
import { DEFAULT_CACHE_MAX_ENTRIES } from '../policy/cache-schema.js';
import type { AnswerStore } from './memory-store.js';
import { parseRedisUrl, RespClient } from './resp-client.js';

/** Environment variable naming a Redis server to share the answer cache between workers. @default unset (embedded) */
export const CACHE_REDIS_URL_ENV = 'SWITCHYARD_CACHE_REDIS_URL';

export interface RedisAnswerStoreSettings {
  /** `redis://[:password@]host[:port][/db]`. */
  url: string;
  /** Prefix of every key this store writes. @default `switchyard:cache:` */
  prefix?: string;
  /** The clock for recency, epoch ms. @default Date.now */
  now?: () => number;
}

/**
 * The answer cache in Redis, shared by every worker pointed at the same server (docs/router.md, "Answer cache").
 * Entries are `SET … PX ttl` (Redis expires them); each route's keys sit in a sorted set scored by last use, and
 * past `maxEntries` the least recently used are deleted. Best effort under concurrency: two workers storing at
 * once may leave a route briefly over its bound.
 */
export class RedisAnswerStore implements AnswerStore {
  private readonly client: RespClient;
  private readonly prefix: string;
  private readonly now: () => number;

  constructor(settings: RedisAnswerStoreSettings) {
    this.client = new RespClient(parseRedisUrl(settings.url));
    this.prefix = settings.prefix ?? 'switchyard:cache:';
    this.now = settings.now ?? Date.now;
  }

  async get(key: string): Promise<CachedAnswer | null> {
    const text = await this.client.command('GET', this.entryKey(key));
    if (typeof text !== 'string') return null;
    const stored = JSON.parse(text) as CachedAnswer & { route: string };
    await this.client.command('ZADD', this.routeKey(stored.route), this.now(), key);
    const { route: _route, ...entry } = stored;
    return entry;
  }

  async set(input: CacheStoreInput): Promise<void> {
    const nowMs = this.now();
    const value = { ...input.entry, cachedAt: new Date(nowMs).toISOString(), route: input.route };
    await this.client.command('SET', this.entryKey(input.key), JSON.stringify(value), 'PX', input.ttlSeconds * 1000);
    const routeKey = this.routeKey(input.route);
    await this.client.command('ZADD', routeKey, nowMs, input.key);
    const size = Number(await this.client.command('ZCARD', routeKey));
    const excess = size - (input.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES);
    if (excess <= 0) return;
    const popped = await this.client.command('ZPOPMIN', routeKey, excess);
    const keys = Array.isArray(popped) ? popped.filter((_, index) => index % 2 === 0).map(String) : [];
    if (keys.length > 0) await this.client.command('DEL', ...keys.map((old) => this.entryKey(old)));
  }

  close(): void {
    this.client.close();
  }

  private entryKey(key: string): string {
    return `${this.prefix}entry:${key}`;
  }

  private routeKey(route: string): string {
    return `${this.prefix}route:${route}`;
  }
}
