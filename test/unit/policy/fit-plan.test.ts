import { describe, expect, it } from 'vitest';
import { countInputTokens } from '../../../src/classify/count-input-tokens.js';
import { decideRoute, type RoutePlan } from '../../../src/policy/decide-route.js';
import { fitMessages } from '../../../src/policy/fit-prompt.js';
import { type LadderStep, nextStep, recordAttempt, startLadder } from '../../../src/policy/ladder.js';
import type { AttemptRecord, ChatMessage } from '../../../src/policy/types.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';

const T0 = 1_000_000;
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 10}`).join(' ');

/** ~2400 tokens over eight older turns and a short latest question. */
const messages: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  ...Array.from({ length: 8 }, (_, i): ChatMessage => ({ role: i % 2 ? 'assistant' : 'user', content: words(150) })),
  { role: 'user', content: 'so where is my order?' },
];
const inputTokens = countInputTokens(messages);

function policyWith(fitPrompt: string) {
  return testPolicy(
    BASE_POLICY_YAML.replace(
      '    primary: fast\n    fallbacks: [strong, local]',
      `    primary: fast\n    fallbacks: [strong, local]\n    fitPrompt: ${fitPrompt}`,
    ),
  );
}

function plan(fitPrompt: string, risk: 'low' | 'high' = 'low', rules = { failoverByKind: true, fitPrompt: true }) {
  const complexity = {
    chars: 0,
    inputTokens,
    questions: 1,
    messages: messages.length,
    attachments: 0,
    longContext: false,
  };
  const decision = decideRoute(
    policyWith(fitPrompt),
    { messages },
    { classification: classification({ complexity, risk }), dataClass: 'public', metadata: {} },
    rules,
  );
  if (decision.kind !== 'plan') throw new Error('no plan');
  return decision.plan;
}

describe('fitPrompt in the route decision', () => {
  it('keeps a model whose window is too small when the strategy can shrink the request to it', () => {
    expect(inputTokens).toBeGreaterThan(1000);
    const fitted = plan('drop-oldest');
    expect(fitted.candidates.map((candidate) => candidate.model)).toEqual(['fast', 'strong', 'local']);
    // (contextTokens 1000 − output cap 100) / 1.1 margin
    expect(fitted.candidates[0]!.fit).toEqual({ strategy: 'drop-oldest', targetTokens: 818, cause: 'context' });
    expect(fitted.candidates[1]!.fit).toBeUndefined();
    expect(fitted.fitPrompt).toMatchObject({ strategy: 'drop-oldest', maxInputTokens: null });
    expect(fitted.fitPrompt!.minTokens).toBeLessThan(100);
  });

  it('skips it as before without a strategy, with none, and under older rules', () => {
    for (const decided of [plan('none'), plan('drop-oldest', 'low', { failoverByKind: true, fitPrompt: false })]) {
      expect(decided.candidates.map((candidate) => candidate.model)).toEqual(['strong', 'local']);
      expect(decided.excluded[0]).toMatchObject({ model: 'fast', cause: 'context' });
      expect(decided.fitPrompt).toBeUndefined();
    }
  });

  it('prunes every candidate for cost when maxInputTokens applies, only to requests matching when', () => {
    const pruned = plan('{ strategy: drop-oldest, maxInputTokens: 600, when: { risk: low } }');
    expect(pruned.candidates.map((candidate) => candidate.fit)).toEqual([
      { strategy: 'drop-oldest', targetTokens: 600, cause: 'context' },
      { strategy: 'drop-oldest', targetTokens: 600, cause: 'cost' },
      { strategy: 'drop-oldest', targetTokens: 600, cause: 'cost' },
    ]);
    // The worst case is priced at the pruned size.
    expect(pruned.candidates[1]!.worstCaseCostUsd).toBeCloseTo((600 * 10 + 100 * 30) / 1e6, 9);
    const high = plan('{ strategy: drop-oldest, maxInputTokens: 600, when: { risk: low } }', 'high');
    expect(high.candidates.every((candidate) => candidate.fit === undefined)).toBe(true);
  });

  it('policy check names the field and the accepted forms', () => {
    expect(() => policyWith('drop-newest')).toThrow(
      /routes\[1\]\.fitPrompt: a strategy \(none, drop-oldest, truncate-middle, summarize\) or \{ strategy/,
    );
    expect(() => policyWith('{ strategy: drop-oldest, maxInputTokens: 10 }')).toThrow(
      /routes\[1\]\.fitPrompt\.maxInputTokens: Too small/,
    );
  });

  it('the fitted prompt meets the plan target', () => {
    const fit = plan('drop-oldest').candidates[0]!.fit!;
    const fitted = fitMessages(messages, 'drop-oldest', fit.targetTokens, {
      messagesTokens: inputTokens,
      otherTokens: 0,
    });
    expect(fitted.fits).toBe(true);
    expect(fitted.tokens).toBeLessThanOrEqual(818);
  });
});

function failed(step: Extract<LadderStep, { kind: 'call' }>, n: number, errorType: string): AttemptRecord {
  return {
    n,
    model: step.candidate.model,
    provider: step.candidate.provider,
    role: step.role,
    ok: false,
    errorKind: 'permanent',
    errorType,
    message: null,
    status: 400,
    retryAfterMs: null,
    formatFailure: false,
    latencyMs: 10,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
  };
}

describe('fitPrompt in the ladder', () => {
  const walk = (decided: RoutePlan) => {
    const policy = policyWith('drop-oldest');
    let state = startLadder(decided, T0);
    const first = nextStep(state, policy, T0);
    if (first.kind !== 'call') throw new Error('expected a call');
    state = recordAttempt(state, first, failed(first, 1, 'ContextLengthExceeded'));
    const second = nextStep(state, policy, T0 + 10);
    if (second.kind !== 'call') throw new Error('expected a call');
    state = recordAttempt(state, second, failed(second, 2, 'ContextLengthExceeded'));
    return { first, second, third: nextStep(state, policy, T0 + 20) };
  };

  it('after a context-length error retries the same model once with half the prompt, then looks for a larger window', () => {
    const { first, second, third } = walk(plan('drop-oldest'));
    expect(first).toMatchObject({ role: 'primary', candidate: { model: 'fast' }, fit: { targetTokens: 818 } });
    expect(second).toMatchObject({
      role: 'retry',
      candidate: { model: 'fast' },
      fit: { strategy: 'drop-oldest', targetTokens: 409, cause: 'context-error' },
      reason: 'context length exceeded on fast: drop-oldest to ~409 tokens, retry',
    });
    expect(third).toMatchObject({ kind: 'call', role: 'fallback', candidate: { model: 'strong' } });
    expect((third as { fit?: unknown }).fit).toBeUndefined();
  });

  it('without a fit rule a context-length error goes straight to a larger window, as before', () => {
    const policy = policyWith('none');
    let state = startLadder(plan('none'), T0);
    const first = nextStep(state, policy, T0);
    if (first.kind !== 'call') throw new Error('expected a call');
    expect(first.candidate.model).toBe('strong');
    state = recordAttempt(state, first, failed(first, 1, 'ContextLengthExceeded'));
    expect(nextStep(state, policy, T0 + 10)).toMatchObject({
      kind: 'degrade',
      reason: expect.stringContaining('local (context window 8000 is not larger)'),
    });
  });
});
