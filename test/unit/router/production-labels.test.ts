import { describe, expect, it } from 'vitest';
import type { AttemptRecord, ReviewDecision, RouteResult } from '../../../src/policy/types.js';
import { productionLabel, weakAndStrong } from '../../../src/router/production-labels.js';
import { testPolicy } from '../../support/policies.js';

const YAML = `
version: labels-1
defaults: { timeoutMs: 1000, deadlineMs: 5000 }
providers:
  cloud: { kind: openai-compatible, baseURL: http://127.0.0.1:1/v1, dataClasses: [public, internal] }
models:
  cheap: { provider: cloud, id: cheap, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
  middle: { provider: cloud, id: middle, contextTokens: 100000, price: { inputPer1M: 2, outputPer1M: 4 } }
  strong: { provider: cloud, id: strong, contextTokens: 100000, price: { inputPer1M: 10, outputPer1M: 30 } }
  twin: { provider: cloud, id: twin, contextTokens: 100000, price: { inputPer1M: 2, outputPer1M: 1 } }
routes:
  - { name: tiered, primary: middle, fallbacks: [strong, cheap] }
  - { name: flat, primary: cheap, fallbacks: [twin] }
review: { reviewers: [alice@example.com], draftModels: [cheap] }
`;
const policy = testPolicy(YAML);

function attempt(model: string, overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    n: 1,
    model,
    provider: 'cloud',
    role: 'primary',
    ok: true,
    errorKind: null,
    errorType: null,
    message: null,
    status: null,
    retryAfterMs: null,
    formatFailure: false,
    latencyMs: 10,
    inputTokens: 5,
    outputTokens: 5,
    costUsd: 0,
    ...overrides,
  };
}

function result(attempts: AttemptRecord[], overrides: Partial<RouteResult> = {}): RouteResult {
  const answering = attempts.findLast((entry) => entry.ok);
  return {
    workflowId: 'route-x',
    outcome: 'answered',
    answer: 'text',
    route: 'tiered',
    model: answering?.model ?? null,
    attempts,
    trail: [],
    costUsd: 0,
    latencyMs: 10,
    policyVersion: 'labels-1',
    policyHash: 'h',
    classification: null,
    privacy: null,
    review: null,
    usage: null,
    ...overrides,
  };
}

const reviewed = (decision: ReviewDecision['decision'], attempts: AttemptRecord[], model: string | null) =>
  result(attempts, {
    outcome: 'reviewed',
    model,
    review: { reviewer: 'alice@example.com', decision, at: '2026-12-06T00:00:00Z' } as RouteResult['review'],
  });

describe('production labels', () => {
  it('weak and strong are the cheapest and priciest candidates by list price; one price tier has neither', () => {
    expect(weakAndStrong(policy, 'tiered')).toEqual({ weak: 'cheap', strong: 'strong' });
    expect(weakAndStrong(policy, 'flat')).toBeNull();
    expect(productionLabel(policy, result([attempt('cheap')], { route: 'flat' }), null)).toEqual({
      kind: 'skip',
      reason: 'single-tier-route',
    });
    expect(productionLabel(policy, result([attempt('cheap')], { route: 'gone' }), null)).toEqual({
      kind: 'skip',
      reason: 'no-route',
    });
  });

  it('an accepted weak answer: weak right, strong filled as right', () => {
    expect(productionLabel(policy, result([attempt('cheap')]), null)).toEqual({
      kind: 'label',
      label: {
        weakModel: 'cheap',
        strongModel: 'strong',
        weakCorrect: true,
        strongCorrect: true,
        sources: ['accepted'],
        strongFilled: true,
      },
    });
  });

  it('a format failure of the weak model escalated to the strong one: weak wrong, strong right', () => {
    const attempts = [
      attempt('cheap', { ok: false, formatFailure: true, errorKind: 'permanent' }),
      attempt('strong', { n: 2, role: 'fallback' }),
    ];
    expect(productionLabel(policy, result(attempts), null)).toMatchObject({
      kind: 'label',
      label: { weakCorrect: false, strongCorrect: true, sources: ['format-failure', 'accepted'], strongFilled: false },
    });
  });

  it('an outage says nothing: the strong model answering after a weak 503 leaves weak unknown', () => {
    const attempts = [
      attempt('cheap', { ok: false, errorKind: 'transient', status: 503 }),
      attempt('strong', { n: 2 }),
    ];
    expect(productionLabel(policy, result(attempts), null)).toEqual({ kind: 'skip', reason: 'weak-unknown' });
    // A middle-priced model answering is evidence about neither side.
    expect(productionLabel(policy, result([attempt('middle')]), null)).toEqual({ kind: 'skip', reason: 'no-evidence' });
  });

  it('review: approve-draft, rewrite and reroute label the draft and the rerouted model', () => {
    const draft = attempt('cheap', { role: 'draft' });
    expect(productionLabel(policy, reviewed('approve-draft', [draft], 'cheap'), null)).toMatchObject({
      label: { weakCorrect: true, strongCorrect: true, sources: ['review-approve'], strongFilled: true },
    });
    expect(productionLabel(policy, reviewed('reply-with-text', [draft], null), null)).toEqual({
      kind: 'skip',
      reason: 'strong-unknown',
    });
    const rerouted = [draft, attempt('strong', { n: 2, role: 'reviewer-reroute' })];
    expect(productionLabel(policy, reviewed('reroute-to-model', rerouted, 'strong'), null)).toMatchObject({
      label: { weakCorrect: false, strongCorrect: true, sources: ['review-reroute'], strongFilled: false },
    });
    expect(productionLabel(policy, reviewed('reject', [draft], null), null)).toEqual({
      kind: 'skip',
      reason: 'no-evidence',
    });
  });

  it('feedback overrides: bad on the weak answer makes it wrong, good on the strong answer makes it right', () => {
    expect(productionLabel(policy, result([attempt('cheap')]), 'bad')).toEqual({
      kind: 'skip',
      reason: 'strong-unknown',
    });
    const escalated = [
      attempt('cheap', { ok: false, formatFailure: true }),
      attempt('strong', { n: 2, role: 'fallback' }),
    ];
    expect(productionLabel(policy, result(escalated), 'bad')).toMatchObject({
      label: { weakCorrect: false, strongCorrect: false, sources: ['format-failure', 'feedback-bad'] },
    });
    expect(productionLabel(policy, result([attempt('cheap')]), 'good')).toMatchObject({
      label: { weakCorrect: true, sources: ['accepted', 'feedback-good'] },
    });
  });
});
