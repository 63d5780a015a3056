import { describe, expect, it } from 'vitest';
import { decideRoute, planForModel } from '../../../src/policy/decide-route.js';
import type { RouteRequest } from '../../../src/policy/types.js';
import { classification, testPolicy } from '../../support/policies.js';

const request: RouteRequest = { messages: [{ role: 'user', content: 'where is my order?' }] };
const facts = (overrides = {}) => ({
  classification: classification(),
  dataClass: 'public' as const,
  metadata: {},
  ...overrides,
});

describe('decideRoute', () => {
  const policy = testPolicy();

  it('takes the first matching route and orders primary then fallbacks', () => {
    const decision = decideRoute(policy, request, facts());
    expect(decision.kind).toBe('plan');
    if (decision.kind !== 'plan') return;
    expect(decision.plan.route).toBe('faq');
    expect(decision.plan.candidates.map((candidate) => candidate.model)).toEqual(['fast', 'strong', 'local']);
    expect(decision.plan.limits).toMatchObject({ timeoutMs: 1000, deadlineMs: 5000, retries: 1, maxOutputTokens: 100 });
    expect(decision.plan.upfrontReview).toBeNull();
  });

  it('narrows providers by data class before anything else; fallbacks never widen it', () => {
    const decision = decideRoute(policy, request, facts({ dataClass: 'restricted' }));
    if (decision.kind !== 'plan') throw new Error('expected a plan');
    expect(decision.plan.candidates.map((candidate) => candidate.model)).toEqual(['local']);
    expect(decision.plan.excluded).toEqual([
      { model: 'fast', cause: 'privacy', reason: 'provider cloud may not see restricted data' },
      { model: 'strong', cause: 'privacy', reason: 'provider cloud may not see restricted data' },
    ]);
  });

  it('under bias quality an unsure classification falls through to the capable default', () => {
    const decision = decideRoute(policy, request, facts({ classification: classification({ confidence: 0.4 }) }));
    if (decision.kind !== 'plan') throw new Error('expected a plan');
    expect(decision.plan.route).toBe('default');
  });

  it('under bias cost an unsure classification still takes the cheap route', () => {
    const costPolicy = { ...policy, defaults: { ...policy.defaults, bias: 'cost' as const } };
    const decision = decideRoute(costPolicy, request, facts({ classification: classification({ confidence: 0.4 }) }));
    if (decision.kind !== 'plan') throw new Error('expected a plan');
    expect(decision.plan.route).toBe('faq');
  });

  it('asks for review up front on a review-always route', () => {
    const decision = decideRoute(
      policy,
      request,
      facts({ classification: classification({ intent: 'refund', risk: 'high' }) }),
    );
    if (decision.kind !== 'plan') throw new Error('expected a plan');
    expect(decision.plan.route).toBe('risky');
    expect(decision.plan.upfrontReview).toBe('route "risky" always asks for review');
  });

  it('excludes models whose context window cannot hold the input plus the output cap', () => {
    const big = classification({ complexity: { ...classification().complexity, inputTokens: 7500 } });
    const decision = decideRoute(policy, request, facts({ classification: big }));
    if (decision.kind !== 'plan') throw new Error('expected a plan');
    expect(decision.plan.candidates.map((candidate) => candidate.model)).toEqual(['strong']);
    expect(decision.plan.excluded.map((item) => [item.model, item.cause])).toEqual([
      ['fast', 'context'],
      ['local', 'context'],
    ]);
  });

  it('excludes models whose worst-case attempt exceeds the route cost cap', () => {
    const capped = testPolicy(
      `version: c
providers: { p: { kind: openai-compatible, baseURL: http://127.0.0.1:1/v1, dataClasses: [public] } }
models:
  cheap: { provider: p, id: a, contextTokens: 10000, price: { inputPer1M: 1, outputPer1M: 1 } }
  dear: { provider: p, id: b, contextTokens: 10000, price: { inputPer1M: 100, outputPer1M: 100 } }
routes: [{ name: r, primary: cheap, fallbacks: [dear], maxCostUsd: 0.001, maxOutputTokens: 100 }]`,
    );
    const decision = decideRoute(capped, request, facts());
    if (decision.kind !== 'plan') throw new Error('expected a plan');
    expect(decision.plan.candidates.map((candidate) => candidate.model)).toEqual(['cheap']);
    expect(decision.plan.excluded[0]).toMatchObject({ model: 'dear', cause: 'cost' });
  });

  it('forces a route by name and rejects an unknown one', () => {
    const forced = decideRoute(policy, { ...request, route: 'default' }, facts());
    expect(forced.kind === 'plan' && forced.plan.route).toBe('default');
    expect(decideRoute(policy, { ...request, route: 'nope' }, facts())).toEqual({
      kind: 'reject',
      reason: 'unknown route "nope" (policy test-1)',
    });
  });

  it('uses an ad-hoc model order when the request gives one, still within the data class', () => {
    const decision = decideRoute(policy, { ...request, models: ['local', 'strong'] }, facts({ dataClass: 'internal' }));
    if (decision.kind !== 'plan') throw new Error('expected a plan');
    expect(decision.plan.candidates.map((candidate) => candidate.model)).toEqual(['local', 'strong']);
  });

  it('plans a single model for a reviewer reroute only within the data class', () => {
    const decision = decideRoute(policy, request, facts({ dataClass: 'restricted' }));
    if (decision.kind !== 'plan') throw new Error('expected a plan');
    expect(planForModel(policy, decision.plan, 'strong', 'restricted', 10)).toBe(
      'provider cloud may not see restricted data',
    );
    const plan = planForModel(policy, decision.plan, 'local', 'restricted', 10);
    expect(typeof plan !== 'string' && plan.candidates.map((candidate) => candidate.model)).toEqual(['local']);
  });
});
