import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../../src/config/load-policy.js';
import { cacheEligibility, cacheHitEntry, storableAnswer } from '../../../src/policy/answer-cache.js';

const ask = { messages: [{ role: 'user' as const, content: 'opening hours?' }] };
const facts = {
  cache: { ttlSeconds: 60 },
  dataClass: 'public' as const,
  request: ask,
  streaming: false,
  upfrontReview: null,
};

describe('answer cache rules', () => {
  it('looks up only public requests on routes with a cache', () => {
    expect(cacheEligibility(facts)).toEqual({ kind: 'use', cache: { ttlSeconds: 60 } });
    expect(cacheEligibility({ ...facts, cache: undefined })).toEqual({ kind: 'none' });
    for (const dataClass of ['internal', 'restricted'] as const)
      expect(cacheEligibility({ ...facts, dataClass })).toEqual({
        kind: 'skip',
        reason: `data class ${dataClass}: never cached`,
      });
    expect(cacheEligibility({ ...facts, dataClass: 'secret' as never }).kind).toBe('skip');
  });

  it('skips streamed requests, upfront review and tool conversations', () => {
    expect(cacheEligibility({ ...facts, streaming: true }).kind).toBe('skip');
    expect(cacheEligibility({ ...facts, upfrontReview: 'route review: always' }).kind).toBe('skip');
    const toolTurn = {
      messages: [
        { role: 'user' as const, content: 'weather?' },
        { role: 'assistant' as const, content: '', toolCalls: [{ id: 'c1', name: 'weather', arguments: '{}' }] },
        { role: 'tool' as const, content: 'sunny', toolCallId: 'c1' },
      ],
    };
    expect(cacheEligibility({ ...facts, request: toolTurn }).kind).toBe('skip');
  });

  it('keeps only answers of the ladder that ended with stop and call no tools', () => {
    const answered = { ladderAnswered: true, outcome: 'answered', answer: 'Nine to five.', model: 'cheap' };
    expect(storableAnswer(answered)).toEqual({ answer: 'Nine to five.', model: 'cheap', finish: 'stop' });
    expect(storableAnswer({ ...answered, ladderAnswered: false })).toBeNull(); // review timeout model, reroute
    expect(storableAnswer({ ...answered, outcome: 'reviewed' })).toBeNull();
    expect(storableAnswer({ ...answered, outcome: 'degraded', model: null })).toBeNull();
    expect(storableAnswer({ ...answered, finish: 'length' })).toBeNull();
    expect(storableAnswer({ ...answered, finish: 'tool-calls' })).toBeNull();
    expect(storableAnswer({ ...answered, toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }] })).toBeNull();
  });

  it('says how old a hit is, on which route and policy', () => {
    expect(cacheHitEntry({ ageMs: 12_400, model: 'cheap' }, 'faq', 'v1')).toEqual({
      step: 'cache',
      outcome: 'hit',
      reason: 'cached 12 s ago by route faq (policy v1)',
      detail: { model: 'cheap' },
    });
  });

  it('a route cache is optional: a route without it parses as before (no `cache` key, the same hash)', () => {
    const text = (extra: string) => `
version: v1
providers: { fake: { kind: anthropic, fakeProvider: true, dataClasses: [public] } }
models: { cheap: { provider: fake, id: ok, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 1 } } }
routes:
  - { name: faq, primary: cheap${extra} }
`;
    const without = parsePolicyText(text(''), '/virtual/a.yaml', 'a.yaml');
    const withCache = parsePolicyText(text(', cache: { ttlSeconds: 60, maxEntries: 10 }'), '/virtual/b.yaml', 'b.yaml');
    expect(without.policy.routes[0]).not.toHaveProperty('cache');
    expect(withCache.policy.routes[0]?.cache).toEqual({ ttlSeconds: 60, maxEntries: 10 });
    expect(withCache.hash).not.toBe(without.hash);
    expect(() => parsePolicyText(text(', cache: { ttlSeconds: 0 }'), '/virtual/c.yaml', 'c.yaml')).toThrow();
  });
});
