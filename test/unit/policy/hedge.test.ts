import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../../src/config/load-policy.js';
import { decideRoute } from '../../../src/policy/decide-route.js';
import { hedgeDecision, hedgeEndEntry, hedgeStep, raceState } from '../../../src/policy/hedge.js';
import { type LadderStep, nextStep, startLadder } from '../../../src/policy/ladder.js';
import type { AttemptRecord } from '../../../src/policy/types.js';

const sure = { confidence: 0.9, conflicting: false };
const tier = { model: 'strong', threshold: 0.1, unsureMargin: 0.02 };

describe('hedged calls: when a request is uncertain', () => {
  it('hedges an unsure classification: below minConfidence, or classifiers disagreeing', () => {
    expect(hedgeDecision({}, { confidence: 0.3, conflicting: false }, 0.5)).toEqual({
      hedge: true,
      reason: 'uncertain: confidence 0.30 < 0.5',
    });
    expect(hedgeDecision({ when: 'uncertain' }, { confidence: 0.9, conflicting: true }, 0.5).reason).toBe(
      'uncertain: classifiers disagree',
    );
    expect(hedgeDecision({}, sure, 0.5)).toEqual({ hedge: false, reason: 'certain: confidence 0.90' });
    expect(hedgeDecision({}, { confidence: 0.5, conflicting: false }, 0.5).hedge).toBe(false);
  });

  it('hedges a strong-gain score within the tier’s unsure margin of the cut, not one clear of it', () => {
    const near = hedgeDecision({}, { ...sure, strongGain: { score: 0.11, rank: 0.5 } }, 0.5, tier);
    expect(near).toEqual({ hedge: true, reason: 'uncertain: strongGain 0.110 within 0.02 of the cut 0.100' });
    expect(hedgeDecision({}, { ...sure, strongGain: { score: 0.4, rank: 0.5 } }, 0.5, tier).hedge).toBe(false);
    // A score without a tier on the route, or a tier without a score: the classification decides.
    expect(hedgeDecision({}, { ...sure, strongGain: { score: 0.1, rank: 0.5 } }, 0.5).hedge).toBe(false);
    expect(hedgeDecision({}, sure, 0.5, tier).hedge).toBe(false);
    const share = { model: 'strong', targetStrongShare: 0.2, unsureMargin: 0.05 };
    expect(hedgeDecision({}, { ...sure, strongGain: { score: 0, rank: 0.78 } }, 0.5, share).hedge).toBe(true);
    expect(hedgeDecision({}, { ...sure, strongGain: { score: 0, rank: 0.9 } }, 0.5, share).hedge).toBe(false);
  });

  it('`always` hedges whatever the classification says', () => {
    expect(hedgeDecision({ when: 'always' }, sure, 0.5)).toEqual({ hedge: true, reason: 'hedge: always' });
  });
});

describe('hedged calls: the race', () => {
  const attempt = (n: number, ok: boolean): AttemptRecord => ({
    n,
    model: n === 1 ? 'cheap' : 'strong',
    provider: 'p',
    role: n === 1 ? 'primary' : 'hedge',
    ok,
    errorKind: ok ? null : 'transient',
    errorType: ok ? null : 'ServerError',
    message: null,
    status: null,
    retryAfterMs: null,
    formatFailure: false,
    latencyMs: 10,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
  });

  it('the first valid answer wins; a failure waits for the other leg; the first leg wins a tie', () => {
    expect(raceState(null, null)).toEqual({ kind: 'wait' });
    expect(raceState(attempt(1, false), null)).toEqual({ kind: 'wait' });
    expect(raceState(null, attempt(2, true))).toEqual({ kind: 'won', winner: 'hedge' });
    expect(raceState(attempt(1, false), attempt(2, true))).toEqual({ kind: 'won', winner: 'hedge' });
    expect(raceState(attempt(1, true), attempt(2, true))).toEqual({ kind: 'won', winner: 'first' });
    expect(raceState(attempt(1, false), attempt(2, false))).toEqual({ kind: 'both-failed' });
  });

  it('the trail names the winner and the cancelled leg', () => {
    const refs = [attempt(1, false), attempt(2, true)] as const;
    expect(hedgeEndEntry({ kind: 'won', winner: 'hedge' }, refs[0], refs[1], true)).toEqual({
      step: 'hedge',
      outcome: 'hedge-won',
      reason: 'attempt 2 hedge/strong answered first; primary/cheap cancelled',
    });
    expect(hedgeEndEntry({ kind: 'both-failed' }, refs[0], refs[1], false).outcome).toBe('both-failed');
  });
});

describe('hedged calls: the hedge leg’s step', () => {
  const yaml = (hedge: string, extra = '') => `
version: hedge-1
providers: { p: { kind: openai-compatible, baseURL: "http://127.0.0.1:9/v1", dataClasses: [public] } }
models:
  cheap: { provider: p, id: c, contextTokens: 8000, price: { inputPer1M: 1, outputPer1M: 1 } }
  mid: { provider: p, id: m, contextTokens: 8000, price: { inputPer1M: 5, outputPer1M: 5 } }
  strong: { provider: p, id: s, contextTokens: 8000, price: { inputPer1M: 10, outputPer1M: 10 } }
routes:
  - { name: general, primary: cheap, fallbacks: [mid, strong], ${hedge} ${extra} }
`;
  const classification = {
    intent: 'unknown',
    confidence: 0,
    risk: 'low' as const,
    source: 'none' as const,
    complexity: { chars: 2, inputTokens: 10, questions: 0, messages: 1, attachments: 0, longContext: false },
    conflicting: false,
    alternatives: [],
  };
  const setup = (text: string) => {
    const { policy } = parsePolicyText(text, '/virtual/p.yaml', 'p.yaml');
    const request = { messages: [{ role: 'user' as const, content: 'hi' }] };
    const decision = decideRoute(policy, request, { classification, dataClass: 'public', metadata: {} });
    if (decision.kind !== 'plan') throw new Error('expected a plan');
    const state = startLadder(decision.plan, 0);
    const first = nextStep(state, policy, 0) as Extract<LadderStep, { kind: 'call' }>;
    return { policy, state, first };
  };

  it('defaults to the next candidate; a named model is taken where the route lists it', () => {
    const plain = setup(yaml('hedge: { afterMs: 200 }'));
    const next = hedgeStep(plain.state, plain.policy, 0, plain.first, undefined);
    expect(next.kind === 'call' && next.step.candidate.model).toBe('mid');
    const named = hedgeStep(plain.state, plain.policy, 0, plain.first, 'strong');
    expect(named.kind === 'call' && named.step.candidate.model).toBe('strong');
    expect(hedgeStep(plain.state, plain.policy, 0, plain.first, 'cheap')).toMatchObject({ kind: 'none' });
  });

  it('counts the first leg’s worst case against the cost cap: no hedge leg that could break it', () => {
    // cheap's worst case ≈ 1024 output tokens × $1/1M; strong's ≈ × $10/1M: together over $0.011.
    const capped = setup(yaml('hedge: { afterMs: 200, model: strong }', ', maxCostUsd: 0.0105'));
    expect(capped.first.candidate.model).toBe('cheap');
    const lowered = hedgeStep(capped.state, capped.policy, 0, capped.first, 'strong');
    if (lowered.kind !== 'call') throw new Error('expected a hedge step with a lowered output cap');
    expect(lowered.step.maxOutputTokens).toBeLessThan(1024);
    expect(capped.first.worstCaseUsd + lowered.step.worstCaseUsd).toBeLessThanOrEqual(0.0105);
    const tight = setup(yaml('hedge: { afterMs: 200, model: strong }', ', maxCostUsd: 0.00104'));
    expect(hedgeStep(tight.state, tight.policy, 0, tight.first, 'strong')).toMatchObject({ kind: 'none' });
  });

  it('a policy naming an unknown hedge model is rejected; one without hedge parses as before', () => {
    expect(() => setup(yaml('hedge: { afterMs: 200, model: nope }'))).toThrow(/unknown model "nope"/);
    expect(() => setup(yaml('hedge: { afterMs: 0 }'))).toThrow();
    expect(setup(yaml('hedge: { afterMs: 200 }')).policy.routes[0]?.hedge).toEqual({ afterMs: 200 });
  });
});
