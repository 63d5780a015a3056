import { describe, expect, it } from 'vitest';
import type { RouteResult } from '../../../src/policy/types.js';
import { lifecycleSections } from '../../../src/report/lifecycle-report.js';
import { renderLifecycleSections } from '../../../src/report/render-lifecycle.js';
import { computeRungs } from '../../../src/report/rungs.js';
import { result } from './fixtures.js';

const degraded = (mode: string, partial = false) =>
  ({
    ...result({ outcome: 'degraded', model: null }),
    degradeMode: mode,
    ...(partial ? { partial } : {}),
  }) as RouteResult;

describe('the report’s ladder rungs', () => {
  it('counts each rung once per request, per route', () => {
    const rungs = computeRungs([
      result({
        trail: [
          { step: 'repair', outcome: 'repaired', reason: 'trailing comma' },
          { step: 'repair', outcome: 'repaired', reason: 'again' },
          { step: 'quality-sample', outcome: 'sampled', reason: '10 %' },
        ],
      }),
      result({
        trail: [
          { step: 'fit-prompt', outcome: 'drop-oldest', reason: 'shrunk', detail: { tokensRemoved: 300 } },
          { step: 'fit-prompt', outcome: 'drop-oldest', reason: 'again', detail: { tokensRemoved: 20 } },
          { step: 'interim', outcome: 'sent', reason: 'slow' },
        ],
      }),
      degraded('reduced-scope'),
      degraded('partial', true),
      degraded('message'),
      result({
        route: 'support',
        outcome: 'reviewed',
        trail: [{ step: 'review', outcome: 'requested', reason: 'conversation rule askedForDetailsTwice: 2 asks' }],
      }),
    ]);
    expect(rungs.faq).toEqual({
      requests: 5,
      repair: { repaired: 1 },
      fitPrompt: { requests: 1, tokensRemoved: 320 },
      degrade: { 'reduced-scope': 1, partial: 1, message: 1 },
      partial: 1,
      interim: 1,
      qualitySample: 1,
      conversationReview: {},
    });
    expect(rungs.support?.conversationReview).toEqual({ askedForDetailsTwice: 1 });
  });

  it('renders a row per route in the terminal report', () => {
    const sections = lifecycleSections([degraded('reduced-scope')], null, null);
    const text = renderLifecycleSections(sections);
    expect(text).toContain('ladder rungs and conversation reviews');
    expect(text).toMatch(/faq.*reduced-scope 1/);
  });
});
