import { describe, expect, it } from 'vitest';
import { decideRoute, type RoutePlan } from '../../../src/policy/decide-route.js';
import {
  type LadderState,
  type LadderStep,
  MIN_ATTEMPT_MS,
  nextStep,
  recordAttempt,
  startLadder,
} from '../../../src/policy/ladder.js';
import type { AttemptRecord } from '../../../src/policy/types.js';
import { classification, testPolicy } from '../../support/policies.js';

const policy = testPolicy();
const T0 = 1_000_000;

function planFor(dataClass: 'public' | 'restricted' = 'public'): RoutePlan {
  const decision = decideRoute(
    policy,
    { messages: [{ role: 'user', content: 'x' }] },
    { classification: classification(), dataClass, metadata: {} },
  );
  if (decision.kind !== 'plan') throw new Error('no plan');
  return decision.plan;
}

function attempt(
  step: Extract<LadderStep, { kind: 'call' }>,
  n: number,
  outcome: Partial<AttemptRecord>,
): AttemptRecord {
  return {
    n,
    model: step.candidate.model,
    provider: step.candidate.provider,
    role: step.role,
    ok: false,
    errorKind: 'transient',
    errorType: 'Overloaded',
    message: null,
    status: 503,
    retryAfterMs: null,
    formatFailure: false,
    latencyMs: 10,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    ...outcome,
  };
}

/** Plays a scripted list of attempt outcomes through the ladder; returns the steps taken. */
function play(plan: RoutePlan, outcomes: Partial<AttemptRecord>[], clock = (i: number) => T0 + i * 100) {
  let state: LadderState = startLadder(plan, T0);
  const steps: LadderStep[] = [];
  for (let i = 0; ; i += 1) {
    const step = nextStep(state, policy, clock(i));
    steps.push(step);
    if (step.kind !== 'call') return steps;
    const outcome = outcomes[i];
    if (!outcome) throw new Error(`no scripted outcome for step ${i}`);
    state = recordAttempt(state, step, attempt(step, i + 1, outcome));
  }
}

const describeSteps = (steps: LadderStep[]) =>
  steps.map((step) => (step.kind === 'call' ? `${step.role}:${step.candidate.model}` : step.kind));

describe('the failure ladder', () => {
  it('answers from the primary when it succeeds', () => {
    expect(describeSteps(play(planFor(), [{ ok: true, errorKind: null, errorType: null }]))).toEqual([
      'primary:fast',
      'answer',
    ]);
  });

  it('retries a transient error once, then falls back', () => {
    const steps = play(planFor(), [{}, {}, { ok: true, errorKind: null, errorType: null }]);
    expect(describeSteps(steps)).toEqual(['primary:fast', 'retry:fast', 'fallback:strong', 'answer']);
    const retry = steps[1] as Extract<LadderStep, { kind: 'call' }>;
    expect(retry.delayMs).toBe(100);
    expect(retry.reason).toBe('transient Overloaded on fast: retry after backoff 100 ms');
  });

  it('honours Retry-After on the retry', () => {
    const steps = play(planFor(), [
      { errorType: 'RateLimited', status: 429, retryAfterMs: 1000 },
      { ok: true, errorKind: null },
    ]);
    const retry = steps[1] as Extract<LadderStep, { kind: 'call' }>;
    expect(retry.role).toBe('retry');
    expect(retry.delayMs).toBe(1000);
    expect(retry.reason).toContain('Retry-After 1000 ms');
  });

  it('skips the retry when Retry-After would pass the deadline', () => {
    // 4900 ms is within maxRetryAfterMs (5000) but not within the 4900 ms left of the deadline.
    const steps = play(planFor(), [
      { errorType: 'RateLimited', retryAfterMs: 4900 },
      { ok: true, errorKind: null },
    ]);
    expect(describeSteps(steps)).toEqual(['primary:fast', 'fallback:strong', 'answer']);
    const fallback = steps[1] as Extract<LadderStep, { kind: 'call' }>;
    expect(fallback.skipped[0]?.reason).toContain('would exceed');
  });

  it('does not retry a permanent error', () => {
    const steps = play(planFor(), [
      { errorKind: 'permanent', errorType: 'BadRequest' },
      { ok: true, errorKind: null },
    ]);
    expect(describeSteps(steps)).toEqual(['primary:fast', 'fallback:strong', 'answer']);
  });

  it('after a context-length error falls back only to a larger context window', () => {
    const plan = planFor();
    const steps = play({ ...plan, candidates: [plan.candidates[1]!, plan.candidates[2]!, plan.candidates[0]!] }, [
      { errorKind: 'permanent', errorType: 'ContextLengthExceeded' },
    ]);
    // strong (100k) failed; local (8k) and fast (1k) are not larger: nothing left.
    expect(describeSteps(steps)).toEqual(['primary:strong', 'degrade']);
    expect((steps[1] as { reason: string }).reason).toContain('context window 8000 is not larger');
  });

  it('never retries or falls back on a policy block; degrades with the reason', () => {
    const steps = play(planFor(), [{ errorKind: 'policy-blocked', errorType: 'ContentFiltered' }]);
    expect(describeSteps(steps)).toEqual(['primary:fast', 'degrade']);
    expect((steps[1] as { reason: string }).reason).toBe(
      'fast blocked the request (ContentFiltered); not retried, not sent elsewhere',
    );
  });

  it('degrades when every candidate failed', () => {
    const steps = play(planFor(), [{}, {}, {}, {}, {}, {}]);
    expect(describeSteps(steps)).toEqual([
      'primary:fast',
      'retry:fast',
      'fallback:strong',
      'retry:strong',
      'fallback:local',
      'retry:local',
      'degrade',
    ]);
    expect((steps.at(-1) as { reason: string }).reason).toBe('all 3 model(s) tried failed; last: local Overloaded');
  });

  it('stops at the deadline and bounds each attempt by the time left', () => {
    const steps = play(planFor(), [{}, {}], (i) => T0 + [0, 4500, 5000 - MIN_ATTEMPT_MS + 1][i]!);
    expect(describeSteps(steps)).toEqual(['primary:fast', 'retry:fast', 'degrade']);
    expect((steps[1] as Extract<LadderStep, { kind: 'call' }>).timeouts.timeoutMs).toBe(400);
    expect((steps[2] as { reason: string }).reason).toContain('deadline of 5000 ms reached');
  });

  it('goes to review when no provider may see the data (onNoAllowedProvider: review)', () => {
    const plan = {
      ...planFor(),
      candidates: [],
      excluded: [{ model: 'fast', cause: 'privacy' as const, reason: 'provider cloud may not see restricted data' }],
    };
    const steps = play(plan, []);
    expect(steps).toEqual([
      {
        kind: 'review',
        reason: 'no model of the route may take this request: fast (provider cloud may not see restricted data)',
      },
    ]);
  });

  it('skips a fallback the remaining budget cannot cover even with a smaller output cap', () => {
    const plan = { ...planFor(), maxCostUsd: 0.0009 };
    const steps = play(plan, [
      { errorKind: 'permanent', errorType: 'BadRequest', costUsd: 0.0005 },
      { ok: true, errorKind: null },
    ]);
    expect(describeSteps(steps)).toEqual(['primary:fast', 'fallback:local', 'answer']);
    expect((steps[1] as Extract<LadderStep, { kind: 'call' }>).skipped[0]?.model).toBe('strong');
  });

  it('lowers the output cap of an attempt so its worst case fits what is left of the cap', () => {
    const plan = { ...planFor(), maxCostUsd: 0.003 };
    const steps = play(plan, [
      { errorKind: 'permanent', errorType: 'BadRequest', costUsd: 0.0005 },
      { ok: true, errorKind: null },
    ]);
    expect(describeSteps(steps)).toEqual(['primary:fast', 'fallback:strong', 'answer']);
    const call = steps[1] as Extract<LadderStep, { kind: 'call' }>;
    // $0.0025 left; ~11 input tokens at $10/M, then output at $30/M: 79 tokens fit, not the route's 100.
    expect(call.maxOutputTokens).toBe(79);
    expect(call.reason).toContain('output capped at 79 tokens');
    expect(0.0005 + (11 * 10 + 79 * 30) / 1e6).toBeLessThanOrEqual(0.003);
  });

  it('checks a retry against the cap like any other attempt (the retry lane)', () => {
    const plan = { ...planFor(), maxCostUsd: 0.003 };
    const steps = play(plan, [{ costUsd: 0.00298 }, { ok: true, errorKind: null }]);
    expect(describeSteps(steps)).toEqual(['primary:fast', 'fallback:local', 'answer']);
    const skipped = (steps[1] as Extract<LadderStep, { kind: 'call' }>).skipped.map((item) => item.model);
    expect(skipped).toEqual(['fast', 'strong']);
  });

  it('prices later attempts with the input tokens a provider reported when they exceed the estimate', () => {
    const plan = { ...planFor(), maxCostUsd: 0.005 };
    const steps = play(plan, [
      { errorKind: 'permanent', errorType: 'BadRequest', costUsd: 0.0002, inputTokens: 300 },
      { ok: true, errorKind: null },
    ]);
    const call = steps[1] as Extract<LadderStep, { kind: 'call' }>;
    expect(call.candidate.model).toBe('strong');
    // 300 reported input tokens (not the ~11 estimated) at $10/M leave room for ~60 output tokens.
    expect(call.maxOutputTokens).toBeGreaterThanOrEqual(59);
    expect(call.maxOutputTokens).toBeLessThanOrEqual(60);
  });

  it('keeps the old rule (fallbacks only) when replaying histories from before every attempt was capped', () => {
    const plan = { ...planFor(), maxCostUsd: 0.003 };
    let state = startLadder(plan, T0, { spentUsd: 0, reportedInputTokens: 0 }, false);
    const first = nextStep(state, policy, T0) as Extract<LadderStep, { kind: 'call' }>;
    state = recordAttempt(state, first, attempt(first, 1, { costUsd: 0.00298 }));
    expect(describeSteps([nextStep(state, policy, T0 + 100)])).toEqual(['retry:fast']);
  });
});
