import type { RouteCache } from './cache-schema.js';
import type { DataClass, FinishKind, RouteRequest, ToolCall, TrailEntry } from './types.js';

/**
 * The answer cache's rules (docs/router.md, "Answer cache"): which requests may be answered from a route's cache,
 * which answers may be kept, and the trail lines. Pure: the key is hashed and the store kept by the activities.
 */

/** The request fields that decide the answer, and so the cache key (besides route and policy). */
export type CacheKeyRequest = Pick<
  RouteRequest,
  | 'messages'
  | 'tools'
  | 'toolChoice'
  | 'parallelToolCalls'
  | 'responseFormat'
  | 'models'
  | 'maxOutputTokens'
  | 'decoding'
>;

/** Everything the cache key is made of (hashed by src/cache/cache-key.ts). */
export interface CacheKeyParts {
  request: CacheKeyRequest;
  route: string;
  policyVersion: string;
  /** sha256 of the policy (a changed policy under the same version name misses too). */
  policyHash: string;
}

/** A kept answer, as the store holds it. */
export interface CachedAnswer {
  answer: string;
  /** Policy model key that answered. */
  model: string;
  /** How the answer ended (only `stop` answers are kept). */
  finish: FinishKind;
  /** When it was stored, ISO 8601. */
  cachedAt: string;
}

/** What `cacheLookup` returns: the key (recorded, so the store after a miss uses the same one) and the hit. */
export interface CacheLookupResult {
  /** sha256 hex of the normalised request, route, policy version and hash. */
  key: string;
  hit: (CachedAnswer & { /** Age of the entry when found, ms. */ ageMs: number }) | null;
}

/** What `cacheStore` is asked to keep. */
export interface CacheStoreInput {
  key: string;
  /** The route: the embedded store bounds each route's entries separately. */
  route: string;
  ttlSeconds: number;
  /** @default DEFAULT_CACHE_MAX_ENTRIES */
  maxEntries?: number;
  entry: Omit<CachedAnswer, 'cachedAt'>;
}

/** The facts that decide whether a request may use its route's cache. */
export interface CacheFacts {
  /** The route's `cache` settings; absent: the route has no cache. */
  cache: RouteCache | undefined;
  /** From the privacy check. */
  dataClass: DataClass;
  request: Pick<RouteRequest, 'messages'>;
  /** A gateway holds a streaming client for this request (answers go out live; not cached in v1). */
  streaming: boolean;
  /** The plan parks the request for a person before any model answers. */
  upfrontReview: string | null;
}

export type CacheEligibility = { kind: 'none' } | { kind: 'skip'; reason: string } | { kind: 'use'; cache: RouteCache };

/**
 * Whether a request is looked up in (and its answer kept by) its route's cache. Only `public` requests are: internal,
 * restricted and any other class never are. Nor are streamed requests, requests reviewed up front, and
 * conversations with tool calls or tool results (their answers depend on what the tools returned).
 */
export function cacheEligibility(facts: CacheFacts): CacheEligibility {
  if (!facts.cache) return { kind: 'none' };
  if (facts.dataClass !== 'public') return { kind: 'skip', reason: `data class ${facts.dataClass}: never cached` };
  if (facts.upfrontReview !== null) return { kind: 'skip', reason: 'reviewed before any model answers: not cached' };
  if (facts.streaming) return { kind: 'skip', reason: 'streamed request: not cached' };
  if (facts.request.messages.some((message) => message.role === 'tool' || message.toolCalls !== undefined))
    return { kind: 'skip', reason: 'conversation carries tool calls or results: not cached' };
  return { kind: 'use', cache: facts.cache };
}

/** How a request ended, as far as the cache cares. */
export interface CacheCandidate {
  /** The request's own ladder answered (not a review, draft, reroute or degrade). */
  ladderAnswered: boolean;
  outcome: string;
  answer: string | null;
  model: string | null;
  finish?: FinishKind | null;
  toolCalls?: ToolCall[] | null;
}

/**
 * The entry to keep for a finished request, or null. Only answers of the request's own ladder that ended with `stop`
 * and call no tools: never review results, degrade messages, tool calls, truncated answers, or JSON that failed its
 * check (the ladder does not answer with those).
 */
export function storableAnswer(ending: CacheCandidate): CacheStoreInput['entry'] | null {
  if (!ending.ladderAnswered || ending.outcome !== 'answered') return null;
  if (ending.answer === null || ending.model === null) return null;
  if ((ending.finish ?? 'stop') !== 'stop' || (ending.toolCalls?.length ?? 0) > 0) return null;
  return { answer: ending.answer, model: ending.model, finish: 'stop' };
}

/** Trail line of a hit: `cached 12 s ago by route faq (policy v1)`. */
export function cacheHitEntry(hit: { ageMs: number; model: string }, route: string, policyVersion: string): TrailEntry {
  const seconds = Math.max(0, Math.round(hit.ageMs / 1000));
  return {
    step: 'cache',
    outcome: 'hit',
    reason: `cached ${seconds} s ago by route ${route} (policy ${policyVersion})`,
    detail: { model: hit.model },
  };
}

/** Trail line of a miss. */
export function cacheMissEntry(route: string, policyVersion: string): TrailEntry {
  return {
    step: 'cache',
    outcome: 'miss',
    reason: `nothing cached for this request on route ${route} (policy ${policyVersion})`,
  };
}
