import { describe, expect, it } from 'vitest';
import type { ShadowDecision } from '../../../src/policy/shadow-decision.js';
import { shadowSectionHtml } from '../../../src/report/html-shadow.js';
import { computeShadowReport, renderShadowReport } from '../../../src/report/shadow-report.js';
import { classification } from '../../support/policies.js';
import { result } from './fixtures.js';

function shadow(
  activeRoute: string | null,
  shadowRoute: string | null,
  costs: [number, number],
  reviews: [boolean, boolean] = [false, false],
): ShadowDecision {
  return {
    policyVersion: 'cand-1',
    policyHash: 'h',
    route: shadowRoute,
    model: shadowRoute === null ? null : 'strong',
    review: reviews[1],
    estimatedCostUsd: costs[1],
    candidates: [],
    excluded: [],
    reason: '',
    active: { route: activeRoute, model: 'fast', review: reviews[0], estimatedCostUsd: costs[0] },
  };
}

describe('computeShadowReport', () => {
  it('counts the agreement matrix and the cost and review deltas per route, intent and risk', () => {
    const low = classification();
    const high = classification({ intent: 'refund', risk: 'high' });
    const report = computeShadowReport([
      result({ classification: low, shadow: shadow('faq', 'faq', [0.001, 0.003]) }),
      result({ classification: low, shadow: shadow('faq', 'default', [0.001, 0.002]) }),
      result({ classification: high, shadow: shadow('risky', 'risky', [0.01, 0.01], [true, false]) }),
      result({ classification: low, shadow: shadow(null, null, [0, 0]) }),
      result({ classification: low }),
    ]);
    expect(report.requests).toBe(4);
    expect(report.policyVersions).toEqual(['cand-1']);
    expect(report.agreement).toEqual({
      faq: { faq: 1, default: 1 },
      risky: { risky: 1 },
      '(rejected)': { '(rejected)': 1 },
    });
    expect(report.agreementRate).toBe(0.75);
    const faq = report.byRoute.find((row) => row.key === 'faq')!;
    expect(faq).toMatchObject({ requests: 2, sameRoute: 1, estimatedCostDeltaUsd: 0.003 });
    expect(faq.estimatedCostDeltaPerRequestUsd).toBe(0.0015);
    expect(report.byRoute.at(-1)).toMatchObject({ key: 'all', requests: 4, reviewRateDelta: -0.25 });
    expect(report.byRisk.find((row) => row.key === 'high')).toMatchObject({
      activeReviewRate: 1,
      shadowReviewRate: 0,
      reviewRateDelta: -1,
    });
    expect(report.byIntent.map((row) => row.key)).toEqual(['order_status', 'refund']);
    expect(renderShadowReport(report)).toContain('faq                  → default 1, faq 1');
    const html = shadowSectionHtml(report);
    expect(html).toContain('<h2>Shadow policy</h2>');
    // Columns (rejected), default, faq, risky: faq → default 1, faq 1.
    expect(html).toContain('<tr><td class="name">faq</td><td>0</td><td>1</td><td>1</td><td>0</td></tr>');
  });

  it('is empty without shadow decisions', () => {
    const report = computeShadowReport([result()]);
    expect(report).toMatchObject({ requests: 0, agreement: {}, agreementRate: null, byRoute: [] });
    expect(renderShadowReport(report)).toBe('');
    expect(shadowSectionHtml(report)).toBe('');
  });
});
