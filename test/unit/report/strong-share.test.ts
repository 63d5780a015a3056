import { describe, expect, it } from 'vitest';
import type { RouteResult } from '../../../src/policy/types.js';
import { renderStrongShare, strongShareHtml } from '../../../src/report/render-strong-share.js';
import { computeStrongShare, strongFirstPlan } from '../../../src/report/strong-share.js';
import { attempt, result } from './fixtures.js';

const planned = (route: string, side: string, model = 'fast'): RouteResult =>
  result({
    route,
    attempts: [attempt({ model })],
    trail: [
      {
        step: 'route',
        outcome: route,
        reason: `intent general; strongGain 0.400 vs threshold 0.3: ${side} first; candidates fast → big`,
      },
    ],
  });

const policy = {
  routes: [
    { name: 'general', strongGain: { model: 'big', threshold: 0.3, unsureMargin: 0.02 } },
    { name: 'plain' },
    { name: 'share', strongGain: { model: 'big', targetStrongShare: 0.25, unsureMargin: 0.02 } },
  ],
} as never;

describe('strong-first share per strong-gain route', () => {
  it('reads the plan from the route reason, else from the first attempt', () => {
    expect(strongFirstPlan(planned('general', 'big'), 'big')).toBe(true);
    expect(strongFirstPlan(planned('general', 'cheap', 'big'), 'big')).toBe(false);
    const unsure = planned('general', 'big');
    unsure.trail[0]!.reason =
      'x; strongGain 0.31 vs threshold 0.3, unsure; bias quality: big first; candidates big → fast';
    expect(strongFirstPlan(unsure, 'big')).toBe(true);
    expect(strongFirstPlan(result({ attempts: [attempt({ model: 'big' })] }), 'big')).toBe(true);
    expect(strongFirstPlan(result({ attempts: [] }), 'big')).toBeNull();
  });

  it('rows for every route with a tier: target, realised, drift', () => {
    const results = [
      planned('general', 'big'),
      planned('general', 'cheap'),
      planned('general', 'cheap'),
      planned('general', 'cheap'),
      planned('share', 'big'),
      planned('plain', 'big'),
    ];
    const rows = computeStrongShare(results, policy, (threshold) => (threshold === 0.3 ? 0.2 : null));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ route: 'general', target: 0.2, threshold: 0.3, realised: 0.25, requests: 4 });
    expect(rows[0]!.drift).toBeCloseTo(0.05, 12);
    expect(rows[1]).toEqual({ route: 'share', target: 0.25, threshold: null, realised: 1, requests: 1, drift: 0.75 });
    expect(computeStrongShare([], policy)).toEqual([
      { route: 'general', target: null, threshold: 0.3, realised: null, requests: 0, drift: null },
      { route: 'share', target: 0.25, threshold: null, realised: null, requests: 0, drift: null },
    ]);
    expect(computeStrongShare(results, null)).toEqual([]);
  });

  it('renders as a terminal table and HTML, and as nothing without tiers', () => {
    const rows = computeStrongShare([planned('general', 'big')], policy, () => 0.2);
    const text = renderStrongShare(rows);
    expect(text).toContain('strong-first share');
    expect(text).toMatch(/general\s+│\s+20\.0%\s+│\s+0\.3\s+│\s+100\.0%\s+│\s+1\s+│\s+\+80\.0 pts/);
    expect(strongShareHtml(rows)).toContain('<h2>Strong-first share</h2>');
    expect(renderStrongShare([])).toBe('');
    expect(strongShareHtml([])).toBe('');
  });
});
