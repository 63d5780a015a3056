import { createHash } from 'node:crypto';
import type { CacheKeyParts } from '../policy/answer-cache.js';

/** Version of the key layout: bump it when normalisation changes, so old entries are never read back. */
export const CACHE_KEY_LAYOUT = 1;

/**
 * A message text as the key sees it: runs of whitespace (spaces, tabs, newlines) become one space and the ends are
 * trimmed. Case is kept: `Hello` and `hello` are different requests (case can matter in code and names).
 */
export function normaliseText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The canonical text the key hashes: layout version, policy version and hash, route, the normalised messages
 * (role, content, tool calls) and the request fields that shape the answer (tools, tool choice, response format,
 * forced models, output cap, a caller's decoding values the route passes). Object keys are sorted, so `{a, b}` and `{b, a}` give the same key.
 */
export function cacheKeyMaterial(parts: CacheKeyParts): string {
  const { request } = parts;
  return stableJson({
    layout: CACHE_KEY_LAYOUT,
    policyVersion: parts.policyVersion,
    policyHash: parts.policyHash,
    route: parts.route,
    messages: request.messages.map((message) => ({
      role: message.role,
      content: normaliseText(message.content),
      toolCalls: message.toolCalls ?? null,
      toolCallId: message.toolCallId ?? null,
    })),
    tools: request.tools ?? null,
    toolChoice: request.toolChoice ?? null,
    parallelToolCalls: request.parallelToolCalls ?? null,
    responseFormat: request.responseFormat ?? null,
    models: request.models ?? null,
    maxOutputTokens: request.maxOutputTokens ?? null,
    // Absent (dropped by stableJson) unless the route passes a caller's values: keys made before it stay the same.
    decoding: request.decoding,
  });
}

/** The cache key: sha256 (hex) of `cacheKeyMaterial`. */
export function answerCacheKey(parts: CacheKeyParts): string {
  return createHash('sha256').update(cacheKeyMaterial(parts)).digest('hex');
}

/** JSON with object keys sorted at every level (arrays keep their order); `undefined` fields are dropped. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, field]) => `${JSON.stringify(key)}:${stableJson(field)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}
