import { Context } from '@temporalio/activity';
import { answerCacheKey } from '../src/cache/cache-key.js';
import { type AnswerStore, MemoryAnswerStore } from '../src/cache/memory-store.js';
import { CACHE_REDIS_URL_ENV, RedisAnswerStore } from '../src/cache/redis-store.js';
import type { CacheKeyParts, CacheLookupResult, CacheStoreInput } from '../src/policy/answer-cache.js';
import type { ActivityDeps } from './deps.js';

/**
 * The answer cache's local activities (docs/router.md, "Answer cache"). Their results are recorded as markers, so a
 * replay reads the hit or miss from the history instead of asking the store again.
 */
export function createCacheActivities(deps: ActivityDeps) {
  const store = deps.answerStore ?? defaultStore(deps.env ?? process.env);
  return {
    /** Computes the request's key and looks it up: a live entry (with its age) or a miss. */
    async cacheLookup(parts: CacheKeyParts): Promise<CacheLookupResult> {
      const key = answerCacheKey(parts);
      const entry = await store.get(key);
      if (entry === null) return { key, hit: null };
      return { key, hit: { ...entry, ageMs: Math.max(0, Date.now() - Date.parse(entry.cachedAt)) } };
    },
    /** Keeps an answer. A failing store is logged and reported, never thrown: the request is answered already. */
    async cacheStore(input: CacheStoreInput): Promise<{ stored: boolean }> {
      try {
        await store.set(input);
        return { stored: true };
      } catch (error) {
        Context.current().log.warn('answer cache store failed', { route: input.route, error: String(error) });
        return { stored: false };
      }
    },
  };
}

/**
 * Redis when SWITCHYARD_CACHE_REDIS_URL names one (shared by the workers pointed at it), else embedded in the
 * worker: one store per set of activities (a worker), emptied when the worker restarts.
 */
function defaultStore(env: Record<string, string | undefined>): AnswerStore {
  const url = env[CACHE_REDIS_URL_ENV];
  return url ? new RedisAnswerStore({ url }) : new MemoryAnswerStore();
}
