import { describe, expect, it } from 'vitest';
import { ruleHits } from '../../../src/classify/rule-hits.js';
import {
  computeDeprecatedTraffic,
  computeNeverFired,
  computeRerouteRate,
  reviewRulesOf,
} from '../../../src/report/lifecycle.js';
import { computeRoutingErrors } from '../../../src/report/routing-errors.js';
import { callerOf, computeSegments } from '../../../src/report/segments.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';
import { attempt, result } from './fixtures.js';

const policy = testPolicy(
  BASE_POLICY_YAML.replace(
    '  order_status: { risk: low, keywords: [order, package] }',
    '  order_status: { risk: low, keywords: [order, package], patterns: ["track(ing)? number"] }',
  )
    .replace('    primary: fast\n', '    primary: fast\n    stage: deprecated\n    owner: support-team\n')
    .replace(
      'review: { reviewers: [alice@example.com] }',
      'review: { reviewers: [alice@example.com], when: { risk: [high], onConflict: true, onExhausted: true } }',
    ),
);
const requested = (reason: string) => ({
  step: 'review' as const,
  outcome: 'requested',
  reason: `${reason}; deadline 4h`,
});

describe('neverFired', () => {
  const results = [
    result({ route: 'faq' }),
    result({ route: 'faq', trail: [requested('high-risk request requires review')] }),
    result({ route: 'default', trail: [requested('fast: every model failed')] }),
  ];

  it('lists routes never chosen, keywords and patterns no text matched, review rules never triggered', () => {
    const texts = ['Where is my ORDER?', 'a refund please', 'orders are late'];
    expect(computeNeverFired(results, policy, texts)).toEqual([
      { kind: 'route', name: 'risky' },
      { kind: 'keyword', name: 'package', intent: 'order_status' },
      { kind: 'pattern', name: 'track(ing)? number', intent: 'order_status' },
      { kind: 'review-rule', name: 'onConflict' },
    ]);
  });

  it('does not judge keywords and patterns without texts; nothing without a policy', () => {
    expect(computeNeverFired(results, policy, null).map((item) => item.kind)).toEqual(['route', 'review-rule']);
    expect(computeNeverFired(results, null, [])).toEqual([]);
  });

  it('matches keywords as whole words, one by one, like the classifier', () => {
    const hits = ruleHits(policy.intents, ['my package is late', 'packages', 'tracking number 12']);
    expect(hits.map((hit) => [hit.name, hit.matches])).toEqual([
      ['order', 0],
      ['package', 1],
      ['track(ing)? number', 1],
      ['refund', 0],
    ]);
  });

  it('reads review rules back from trail reasons; route review: always is none', () => {
    const trail = [
      requested('intent refund requires review'),
      requested('classifier confidence 0.40 < 0.5'),
      requested('3 failed attempts (review after 3)'),
      requested('strong blocked the request (ContentFilter); not retried, not sent elsewhere'),
      requested('route "risky" always asks for review'),
    ];
    expect(reviewRulesOf(result({ trail }))).toEqual([
      'intents=refund',
      'confidenceBelow',
      'afterFailedAttempts',
      'onPolicyBlocked',
    ]);
  });
});

describe('deprecatedWithTraffic and rerouteRate', () => {
  it('counts the requests deprecated routes still take (zero included)', () => {
    expect(computeDeprecatedTraffic([result({ route: 'faq' }), result({ route: 'faq' })], policy)).toEqual([
      { route: 'faq', requests: 2 },
    ]);
    expect(computeDeprecatedTraffic([], policy)).toEqual([{ route: 'faq', requests: 0 }]);
  });

  it('counts reviewer reroutes and answers from another model than the first', () => {
    const results = [
      result(),
      result({
        model: 'strong',
        attempts: [attempt({ ok: false }), attempt({ n: 2, role: 'fallback', model: 'strong' })],
      }),
      result({ model: 'strong', attempts: [attempt(), attempt({ n: 2, role: 'reviewer-reroute', model: 'strong' })] }),
      result({ model: 'fast', attempts: [attempt({ role: 'classify', model: 'strong' }), attempt({ n: 2 })] }),
    ];
    expect(computeRerouteRate(results)).toBe(0.5);
    expect(computeRerouteRate([])).toBe(0);
  });
});

describe('routingErrors', () => {
  it('splits quality (escalated, rerouted to stronger, format failure) from cost (cheaper draft approved)', () => {
    const review = { reviewer: 'alice', decision: 'approve-draft' as const, signature: 'a'.repeat(128), at: 'now' };
    const results = [
      result(),
      result({
        model: 'strong',
        attempts: [attempt({ ok: false }), attempt({ n: 2, role: 'fallback', model: 'strong' })],
      }),
      result({
        model: 'fast',
        attempts: [attempt({ model: 'strong' }), attempt({ n: 2, role: 'fallback', model: 'fast' })],
      }),
      result({
        attempts: [
          attempt({ formatFailure: true, ok: false }),
          attempt({ n: 2, role: 'reviewer-reroute', model: 'strong' }),
        ],
      }),
      result({ route: 'risky', outcome: 'reviewed', model: 'fast', review, attempts: [attempt({ role: 'draft' })] }),
    ];
    const errors = computeRoutingErrors(results, policy);
    expect(errors.quality).toEqual({
      count: 2,
      rate: 0.4,
      byKind: { escalated: 1, 'reviewer-rerouted': 1, 'format-failure': 1 },
    });
    expect(errors.cost).toEqual({ count: 1, rate: 0.2 });
    expect(computeRoutingErrors([], null).quality.rate).toBe(0);
  });
});

describe('segments', () => {
  const validate = (caller: string) => ({
    step: 'validate' as const,
    outcome: 'ok',
    reason: `1 message(s); policy v1 (abc)${caller}`,
  });
  const results = [
    result({ classification: classification({ locale: 'de' }), trail: [validate(', caller alice')], latencyMs: 100 }),
    result({ classification: classification({ locale: 'de', intent: 'refund', risk: 'high' }), latencyMs: 300 }),
    result({
      classification: classification({ locale: 'fr' }),
      outcome: 'degraded',
      answer: 'sorry',
      policyVersion: 'v2',
    }),
    result({ classification: classification(), outcome: 'rejected', answer: null }),
    result({ classification: null, route: null, outcome: 'rejected', answer: null, policyVersion: null }),
  ];

  it('breaks every scorecard figure down by intent, risk, locale, caller and policy version', () => {
    const segments = computeSegments(results);
    expect(Object.keys(segments.locale)).toEqual(['de', '(none)', '(unknown)', 'fr']);
    expect(segments.locale.de).toMatchObject({ requests: 2, share: 0.4, successRate: 1, p95LatencyMs: 300 });
    expect(segments.locale.fr).toMatchObject({ requests: 1, successRate: 0, costPerSuccessUsd: null });
    expect(segments.intent.order_status?.requests).toBe(3);
    expect(segments.risk.high?.requests).toBe(1);
    expect(segments.caller).toMatchObject({ alice: { requests: 1 }, '(anonymous)': { requests: 4 } });
    expect(Object.keys(segments.policyVersion)).toEqual(['v1', '(none)', 'v2']);
    expect(segments.intent.order_status).toHaveProperty('reviewRate');
  });

  it('reads the verified caller from the validate line', () => {
    expect(callerOf(results[0]!)).toBe('alice');
    expect(callerOf(results[1]!)).toBe('(anonymous)');
  });
});
