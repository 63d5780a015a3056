import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../../src/config/load-policy.js';
import { decideRoute } from '../../../src/policy/decide-route.js';
import { orderForTier, strongFirst } from '../../../src/policy/strong-gain-route.js';

const tier = { model: 'strong', threshold: 0.1, unsureMargin: 0.02 };

describe('strong-gain tiers', () => {
  it('a threshold puts the strong model first above it; unsure scores follow the bias', () => {
    expect(strongFirst(tier, { score: 0.3, rank: 0.9 }, 'cost').strong).toBe(true);
    expect(strongFirst(tier, { score: -0.2, rank: 0.1 }, 'quality').strong).toBe(false);
    expect(strongFirst(tier, { score: 0.11, rank: 0.5 }, 'quality')).toMatchObject({ strong: true });
    expect(strongFirst(tier, { score: 0.11, rank: 0.5 }, 'cost')).toMatchObject({ strong: false });
    expect(strongFirst(tier, { score: 0.11, rank: 0.5 }, 'cost').reason).toContain('unsure; bias cost');
    expect(strongFirst(tier, undefined, 'quality').reason).toContain('no strongGain score');
  });

  it('a target share cuts on the rank among the router’s training prompts', () => {
    const share = { model: 'strong', targetStrongShare: 0.2, unsureMargin: 0 };
    expect(strongFirst(share, { score: 0, rank: 0.85 }, 'cost').strong).toBe(true);
    expect(strongFirst(share, { score: 0, rank: 0.75 }, 'quality').strong).toBe(false);
    expect(strongFirst(share, { score: 0, rank: 0.85 }, 'cost').reason).toContain('target 0.2 strong');
  });

  it('orders the strong model first once, and keeps the route order otherwise', () => {
    expect(orderForTier(['cheap', 'mid', 'strong'], 'strong', true)).toEqual(['strong', 'cheap', 'mid']);
    expect(orderForTier(['cheap', 'mid'], 'strong', true)).toEqual(['strong', 'cheap', 'mid']);
    expect(orderForTier(['cheap', 'strong'], 'strong', false)).toEqual(['cheap', 'strong']);
  });

  const yaml = (router: string) => `
version: sg-1
providers: { p: { kind: openai-compatible, baseURL: "http://127.0.0.1:9/v1", dataClasses: [public, internal, restricted] } }
models:
  cheap: { provider: p, id: c, contextTokens: 8000, price: { inputPer1M: 1, outputPer1M: 1 } }
  strong: { provider: p, id: s, contextTokens: 8000, price: { inputPer1M: 10, outputPer1M: 10 } }
${router}
routes:
  - { name: general, primary: cheap, fallbacks: [strong], strongGain: { model: strong, threshold: 0.1 } }
`;

  it('decideRoute applies the tier and says why in the route reason; policy check needs a router', () => {
    const { policy } = parsePolicyText(yaml('classifier: { router: /tmp/router.json }'), '/virtual/p.yaml', 'p.yaml');
    const classification = {
      intent: 'unknown',
      confidence: 0,
      risk: 'low' as const,
      source: 'rules' as const,
      complexity: { chars: 2, inputTokens: 10, questions: 0, messages: 1, attachments: 0, longContext: false },
      conflicting: false,
      alternatives: [],
    };
    const request = { messages: [{ role: 'user' as const, content: 'hi' }] };
    const facts = (score: number) => ({
      classification: { ...classification, strongGain: { score, rank: 0.5 } },
      dataClass: 'public' as const,
      metadata: {},
    });
    const hard = decideRoute(policy, request, facts(0.4));
    if (hard.kind !== 'plan') throw new Error('expected a plan');
    expect(hard.plan.candidates.map((candidate) => candidate.model)).toEqual(['strong', 'cheap']);
    expect(hard.plan.reason).toContain('strongGain 0.400 vs threshold 0.1: strong first');
    const easy = decideRoute(policy, request, facts(-0.4));
    if (easy.kind !== 'plan') throw new Error('expected a plan');
    expect(easy.plan.candidates.map((candidate) => candidate.model)).toEqual(['cheap', 'strong']);
    expect(() => parsePolicyText(yaml(''), '/virtual/p.yaml', 'p.yaml')).toThrow(/needs classifier.router/);
  });
});
