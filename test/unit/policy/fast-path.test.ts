import { describe, expect, it } from 'vitest';
import { fastPathGrant } from '../../../activities/fast-path-grant.js';
import { DEFAULT_FAST_PATH, type FastPathFacts, takesFastPath } from '../../../src/policy/fast-path.js';

const first: FastPathFacts = {
  grant: DEFAULT_FAST_PATH,
  routeAllows: undefined,
  ladderRole: 'primary',
  stepRole: 'primary',
  ladderAttempts: 0,
  timeoutMs: 4000,
  hedged: false,
};

describe('which attempts take the fast path', () => {
  it('the first primary attempt of the request, within the limit', () => {
    expect(takesFastPath(first)).toBe(true);
    expect(takesFastPath({ ...first, timeoutMs: DEFAULT_FAST_PATH.maxTimeoutMs })).toBe(true);
    expect(takesFastPath({ ...first, routeAllows: true })).toBe(true);
  });

  it.each<[string, Partial<FastPathFacts>]>([
    ['no grant recorded (older history, or the worker turned it off)', { grant: null }],
    ['a route that opts out', { routeAllows: false }],
    ['an attempt over the limit', { timeoutMs: DEFAULT_FAST_PATH.maxTimeoutMs + 1 }],
    ['a retry', { stepRole: 'retry', ladderAttempts: 1 }],
    ['a fallback', { stepRole: 'fallback', ladderAttempts: 1 }],
    ['a draft ladder', { ladderRole: 'draft' }],
    ['a reviewer reroute', { ladderRole: 'reviewer-reroute' }],
    ['a hedged leg', { hedged: true }],
    ['a ladder an interim timer watches (the timer could not fire inside the task)', { interimWatched: true }],
  ])('not %s', (_, change) => {
    expect(takesFastPath({ ...first, ...change })).toBe(false);
  });
});

describe("the worker's grant", () => {
  it('defaults on, is set or turned off by SWITCHYARD_FAST_PATH, and the deps win', () => {
    expect(fastPathGrant({ env: {} })).toEqual(DEFAULT_FAST_PATH);
    expect(fastPathGrant({ env: { SWITCHYARD_FAST_PATH: 'off' } })).toBeNull();
    expect(fastPathGrant({ env: { SWITCHYARD_FAST_PATH: '2500' } })).toEqual({ maxTimeoutMs: 2500 });
    expect(fastPathGrant({ env: { SWITCHYARD_FAST_PATH: 'off' }, fastPath: { maxTimeoutMs: 100 } })).toEqual({
      maxTimeoutMs: 100,
    });
    expect(fastPathGrant({ fastPath: false })).toBeNull();
    expect(() => fastPathGrant({ env: { SWITCHYARD_FAST_PATH: 'soon' } })).toThrow(/SWITCHYARD_FAST_PATH/);
  });
});
