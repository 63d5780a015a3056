import { describe, expect, it } from 'vitest';
import { MemoryAnswerStore } from '../../../src/cache/memory-store.js';
import type { CacheStoreInput } from '../../../src/policy/answer-cache.js';

/** A store on a clock the test steps, epoch ms. */
function storeAt(startMs = Date.UTC(2026, 11, 6, 8)) {
  const clock = { nowMs: startMs };
  return { clock, store: new MemoryAnswerStore({ now: () => clock.nowMs }) };
}

function entry(key: string, settings: Partial<CacheStoreInput> = {}): CacheStoreInput {
  return {
    key,
    route: 'faq',
    ttlSeconds: 60,
    entry: { answer: `answer ${key}`, model: 'cheap', finish: 'stop' },
    ...settings,
  };
}

describe('MemoryAnswerStore', () => {
  it('returns what it keeps, stamped with the time it was kept', async () => {
    const { store } = storeAt();
    await store.set(entry('k1'));
    expect(await store.get('k1')).toEqual({
      answer: 'answer k1',
      model: 'cheap',
      finish: 'stop',
      cachedAt: '2026-12-06T08:00:00.000Z',
    });
    expect(await store.get('k2')).toBeNull();
  });

  it('expires an entry after its TTL (injected clock)', async () => {
    const { clock, store } = storeAt();
    await store.set(entry('k1', { ttlSeconds: 1 }));
    clock.nowMs += 999;
    expect(await store.get('k1')).not.toBeNull();
    clock.nowMs += 1;
    expect(await store.get('k1')).toBeNull();
    expect(store.size('faq')).toBe(0);
  });

  it('drops the least recently used entry past maxEntries, per route', async () => {
    const { store } = storeAt();
    await store.set(entry('a', { maxEntries: 2 }));
    await store.set(entry('b', { maxEntries: 2 }));
    await store.get('a'); // a is now more recent than b
    await store.set(entry('c', { maxEntries: 2 }));
    expect(await store.get('b')).toBeNull();
    expect(await store.get('a')).not.toBeNull();
    expect(await store.get('c')).not.toBeNull();
    await store.set(entry('x', { route: 'other', maxEntries: 1 }));
    expect(store.size('faq')).toBe(2);
    expect(store.size('other')).toBe(1);
  });

  it('evicts expired entries before live ones', async () => {
    const { clock, store } = storeAt();
    await store.set(entry('short', { ttlSeconds: 1, maxEntries: 2 }));
    await store.set(entry('long', { ttlSeconds: 60, maxEntries: 2 }));
    await store.get('short'); // most recently used, but about to expire
    clock.nowMs += 2000;
    await store.set(entry('new', { ttlSeconds: 60, maxEntries: 2 }));
    expect(await store.get('long')).not.toBeNull();
    expect(await store.get('new')).not.toBeNull();
    expect(store.size('faq')).toBe(2);
  });

  it('bounds a route at 1000 entries when it names no maxEntries', async () => {
    const { store } = storeAt();
    for (let n = 0; n < 1005; n += 1) await store.set(entry(`k${n}`));
    expect(store.size('faq')).toBe(1000);
    expect(await store.get('k0')).toBeNull();
    expect(await store.get('k1004')).not.toBeNull();
  });

  it('replacing an entry restarts its TTL', async () => {
    const { clock, store } = storeAt();
    await store.set(entry('k1', { ttlSeconds: 10 }));
    clock.nowMs += 8000;
    await store.set(entry('k1', { ttlSeconds: 10 }));
    clock.nowMs += 8000;
    expect((await store.get('k1'))?.cachedAt).toBe('2026-12-06T08:00:08.000Z');
  });
});
