import { describe, expect, it } from 'vitest';
import { answerCacheKey, cacheKeyMaterial, normaliseText, stableJson } from '../../../src/cache/cache-key.js';
import type { CacheKeyParts } from '../../../src/policy/answer-cache.js';

const base: CacheKeyParts = {
  request: { messages: [{ role: 'user', content: 'What are your opening hours?' }] },
  route: 'faq',
  policyVersion: 'v1',
  policyHash: 'a'.repeat(64),
};

function keyWith(
  change: Partial<Omit<CacheKeyParts, 'request'>> & { request?: Partial<CacheKeyParts['request']> },
): string {
  return answerCacheKey({ ...base, ...change, request: { ...base.request, ...change.request } });
}

describe('answer cache key', () => {
  it('collapses runs of whitespace and trims, keeping case', () => {
    expect(normaliseText('  What  are\tyour\n\nopening   hours? ')).toBe('What are your opening hours?');
    expect(normaliseText('Hello')).not.toBe(normaliseText('hello'));
  });

  it('a caller’s decoding values (passed only on clamp routes) change the key; without them it is as before', () => {
    expect(cacheKeyMaterial(base)).not.toContain('decoding');
    expect(keyWith({ request: { decoding: { temperature: 1.2 } } })).not.toBe(answerCacheKey(base));
    expect(keyWith({ request: { decoding: { temperature: 1.2 } } })).not.toBe(
      keyWith({ request: { decoding: { temperature: 0.2 } } }),
    );
  });

  it('is the same for whitespace variants of the same request', () => {
    const variant = keyWith({
      request: { messages: [{ role: 'user', content: '\n What   are your\topening hours?  ' }] },
    });
    expect(variant).toBe(answerCacheKey(base));
    expect(answerCacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs with content, case, role, route, policy version and policy hash', () => {
    const key = answerCacheKey(base);
    const others = [
      keyWith({ request: { messages: [{ role: 'user', content: 'What are your closing hours?' }] } }),
      keyWith({ request: { messages: [{ role: 'user', content: 'what are your opening hours?' }] } }),
      keyWith({ request: { messages: [{ role: 'system', content: 'What are your opening hours?' }] } }),
      keyWith({ route: 'general' }),
      keyWith({ policyVersion: 'v2' }),
      keyWith({ policyHash: 'b'.repeat(64) }),
    ];
    for (const other of others) expect(other).not.toBe(key);
    expect(new Set(others).size).toBe(others.length);
  });

  it('includes tools, tool choice, response format, forced models and the output cap', () => {
    const key = answerCacheKey(base);
    const tool = { name: 'lookup', description: 'find', parameters: { type: 'object' } };
    const others = [
      keyWith({ request: { tools: [tool] } }),
      keyWith({ request: { tools: [tool], toolChoice: 'none' } }),
      keyWith({ request: { parallelToolCalls: false } }),
      keyWith({ request: { responseFormat: { type: 'json' } } }),
      keyWith({ request: { models: ['cheap'] } }),
      keyWith({ request: { maxOutputTokens: 64 } }),
    ];
    for (const other of others) expect(other).not.toBe(key);
    expect(new Set(others).size).toBe(others.length);
  });

  it('does not depend on the order of object keys', () => {
    const schemaA = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    const schemaB = { required: ['a'], properties: { a: { type: 'string' } }, type: 'object' };
    expect(keyWith({ request: { responseFormat: { type: 'json', schema: schemaA } } })).toBe(
      keyWith({ request: { responseFormat: { schema: schemaB, type: 'json' } } }),
    );
    expect(stableJson({ b: 1, a: [2, { d: 3, c: undefined }] })).toBe('{"a":[2,{"d":3}],"b":1}');
  });

  it('hashes a material that names its parts and never the raw whitespace', () => {
    const material = cacheKeyMaterial({
      ...base,
      request: { messages: [{ role: 'user', content: ' a \n b ' }] },
    });
    expect(material).toContain('"content":"a b"');
    expect(material).toContain('"policyVersion":"v1"');
    expect(material).toContain('"route":"faq"');
  });
});
