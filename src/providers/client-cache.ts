import { createHash } from 'node:crypto';

/** The `fetch` an SDK client uses. */
export type FetchFunction = typeof globalThis.fetch;

/** Clients kept per fetch implementation; enough for every provider of a policy several times over. */
const MAX_CLIENTS = 64;

const byFetch = new WeakMap<FetchFunction, Map<string, unknown>>();
const withDefaultFetch = new Map<string, unknown>();

export interface ClientIdentity {
  kind: string;
  baseURL: string;
  apiKey?: string;
  headers?: Record<string, string>;
  fetch?: FetchFunction;
}

/**
 * One SDK client per (kind, baseURL, apiKey, headers, fetch), so a worker does not build a client (and its
 * connection pool) per call. Keys are hashed: the API key is not kept as a map key in plain text.
 */
export function cachedClient<T>(identity: ClientIdentity, build: () => T): T {
  const headers = Object.entries(identity.headers ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const key = createHash('sha256')
    .update(JSON.stringify([identity.kind, identity.baseURL, identity.apiKey ?? null, headers]))
    .digest('hex');
  let cache = withDefaultFetch;
  if (identity.fetch) {
    cache = byFetch.get(identity.fetch) ?? new Map<string, unknown>();
    byFetch.set(identity.fetch, cache);
  }
  const existing = cache.get(key);
  if (existing !== undefined) return existing as T;
  const client = build();
  if (cache.size >= MAX_CLIENTS) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, client);
  return client;
}
