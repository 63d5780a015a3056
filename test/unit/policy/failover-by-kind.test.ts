import { describe, expect, it } from 'vitest';
import {
  decideRoute,
  defaultFirstTokenTimeoutMs,
  type RoutePlan,
  routeLimits,
} from '../../../src/policy/decide-route.js';
import { ERROR_CLASSES, ERROR_TYPE_KINDS, errorClassOf } from '../../../src/policy/error-kinds.js';
import { DEFAULT_ON_ERROR, type ErrorReaction } from '../../../src/policy/failover-schema.js';
import { type LadderState, type LadderStep, nextStep, recordAttempt, startLadder } from '../../../src/policy/ladder.js';
import type { Policy } from '../../../src/policy/schema.js';
import type { AttemptRecord } from '../../../src/policy/types.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';

const T0 = 1_000_000;
type Call = Extract<LadderStep, { kind: 'call' }>;

/** One transient error type per failover class (the first in the taxonomy). */
const SAMPLE_TYPE = {
  rateLimit: 'RateLimited',
  serverError: 'Overloaded',
  connectionReset: 'ConnectionError',
  noResponse: 'NoResponse',
  firstTokenTimeout: 'FirstTokenTimeout',
  streamStall: 'StreamStalled',
  malformedStream: 'MalformedResponse',
  outputFormat: 'OutputFormatInvalid',
} as const;

function policyWith(defaults: string, route = ''): Policy {
  const yaml = BASE_POLICY_YAML.replace(
    'defaults: { timeoutMs: 1000, deadlineMs: 5000, retries: 1, retryDelayMs: 100, maxOutputTokens: 100, minConfidence: 0.6 }',
    `defaults: { timeoutMs: 1000, deadlineMs: 5000, retries: 1, retryDelayMs: 100, maxOutputTokens: 100, minConfidence: 0.6${defaults} }`,
  ).replace(
    '    primary: fast\n    fallbacks: [strong, local]',
    `    primary: fast\n    fallbacks: [strong, local]${route}`,
  );
  return testPolicy(yaml);
}

function planOf(policy: Policy, rules = { failoverByKind: true }): RoutePlan {
  const facts = { classification: classification(), dataClass: 'public' as const, metadata: {} };
  const decision = decideRoute(policy, { messages: [{ role: 'user', content: 'x' }] }, facts, rules);
  if (decision.kind !== 'plan') throw new Error('no plan');
  return decision.plan;
}

function failure(step: Call, n: number, outcome: Partial<AttemptRecord>): AttemptRecord {
  const ok = outcome.ok === true;
  return {
    n,
    model: step.candidate.model,
    provider: step.candidate.provider,
    role: step.role,
    ok,
    errorKind: ok ? null : 'transient',
    errorType: ok ? null : 'Overloaded',
    message: null,
    status: null,
    retryAfterMs: null,
    formatFailure: false,
    latencyMs: 10,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    ...outcome,
  };
}

/** Plays scripted outcomes; returns `role:model` per step plus the steps. */
function play(policy: Policy, outcomes: Partial<AttemptRecord>[], failoverByKind = true) {
  let state: LadderState = startLadder(planOf(policy, { failoverByKind }), T0, undefined, true, failoverByKind);
  const steps: LadderStep[] = [];
  for (let i = 0; ; i += 1) {
    const step = nextStep(state, policy, T0 + i * 10);
    steps.push(step);
    if (step.kind !== 'call') break;
    const outcome = outcomes[i];
    if (!outcome) throw new Error(`no scripted outcome for step ${i}`);
    state = recordAttempt(state, step, failure(step, i + 1, outcome));
  }
  const names = steps.map((step) => (step.kind === 'call' ? `${step.role}:${step.candidate.model}` : step.kind));
  return { names, steps };
}

const answer = { ok: true } as const;

describe('failover classes', () => {
  it('every transient error type has a class, and no other type has one', () => {
    for (const [type, kind] of Object.entries(ERROR_TYPE_KINDS)) {
      if (kind === 'transient') expect(ERROR_CLASSES).toContain(errorClassOf(type));
      else expect(errorClassOf(type)).toBeNull();
    }
    expect(errorClassOf('SomethingNew')).toBeNull();
  });

  it('defaults: retry 429, 5xx, resets and format failures; fail over at once on silence, slowness and bad streams', () => {
    expect(DEFAULT_ON_ERROR).toEqual({
      rateLimit: 'retry',
      serverError: 'retry',
      connectionReset: 'retry',
      noResponse: 'fallback',
      firstTokenTimeout: 'fallback',
      streamStall: 'fallback',
      malformedStream: 'fallback',
      outputFormat: 'retry',
    });
    expect(errorClassOf('StreamTruncated')).toBe('streamStall');
    expect(errorClassOf('Timeout')).toBe('noResponse');
    expect(errorClassOf('ActivityTimeout')).toBe('noResponse');
    expect(errorClassOf('RequestTimeout')).toBe('serverError');
  });
});

describe('the ladder reacts per error class', () => {
  const cases = ERROR_CLASSES.flatMap((errorClass) =>
    (['retry', 'fallback'] as ErrorReaction[]).map((reaction) => ({ errorClass, reaction })),
  );

  it.each(cases)('$errorClass set to $reaction', ({ errorClass, reaction }) => {
    const policy = policyWith(`, onError: { ${errorClass}: ${reaction} }`);
    const { names, steps } = play(policy, [{ errorType: SAMPLE_TYPE[errorClass] }, answer]);
    if (reaction === 'retry') {
      expect(names).toEqual(['primary:fast', 'retry:fast', 'answer']);
      expect((steps[1] as Call).delayMs).toBe(100);
    } else {
      expect(names).toEqual(['primary:fast', 'fallback:strong', 'answer']);
      expect((steps[1] as Call).reason).toBe(
        `fast failed (transient ${SAMPLE_TYPE[errorClass]}; onError.${errorClass}: fail over at once): fall back to strong`,
      );
    }
  });

  it.each(ERROR_CLASSES)('%s without onError follows the default', (errorClass) => {
    const { names } = play(testPolicy(), [{ errorType: SAMPLE_TYPE[errorClass] }, answer]);
    const expected = DEFAULT_ON_ERROR[errorClass] === 'retry' ? 'retry:fast' : 'fallback:strong';
    expect(names).toEqual(['primary:fast', expected, 'answer']);
  });

  it('a route table merges over the defaults key by key', () => {
    const policy = policyWith(
      ', onError: { rateLimit: fallback, streamStall: retry }',
      '\n    onError: { rateLimit: retry }',
    );
    const limits = planOf(policy).limits;
    expect(limits.onError).toEqual({ ...DEFAULT_ON_ERROR, rateLimit: 'retry', streamStall: 'retry' });
    expect(play(policy, [{ errorType: 'RateLimited' }, answer]).names).toEqual([
      'primary:fast',
      'retry:fast',
      'answer',
    ]);
    expect(play(policy, [{ errorType: 'StreamTruncated' }, answer]).names).toEqual([
      'primary:fast',
      'retry:fast',
      'answer',
    ]);
  });

  it('retries a retry class up to `retries` times on the same model, then falls back', () => {
    const policy = policyWith('', '\n    retries: 2');
    const { names } = play(policy, [{ errorType: 'ServerError' }, { errorType: 'ServerError' }, {}, answer]);
    expect(names).toEqual(['primary:fast', 'retry:fast', 'retry:fast', 'fallback:strong', 'answer']);
  });

  it('retries: 0 falls back at once even for a retry class', () => {
    const policy = policyWith('', '\n    retries: 0');
    expect(play(policy, [{ errorType: 'RateLimited' }, answer]).names).toEqual([
      'primary:fast',
      'fallback:strong',
      'answer',
    ]);
  });

  it('a fallback class on the fallback model moves on to the next model, never back', () => {
    const { names } = play(testPolicy(), [
      { errorType: 'NoResponse' },
      { errorType: 'StreamStalled' },
      { errorType: 'FirstTokenTimeout' },
    ]);
    expect(names).toEqual(['primary:fast', 'fallback:strong', 'fallback:local', 'degrade']);
  });

  it('permanent errors fall back without retry whatever onError says', () => {
    const policy = policyWith(', onError: { serverError: retry }');
    const { names } = play(policy, [{ errorKind: 'permanent', errorType: 'BadRequest' }, answer]);
    expect(names).toEqual(['primary:fast', 'fallback:strong', 'answer']);
  });

  it('policy-blocked errors are neither retried nor sent elsewhere, even with every class on retry', () => {
    const all = ERROR_CLASSES.map((name) => `${name}: retry`).join(', ');
    const { names, steps } = play(policyWith(`, onError: { ${all} }`), [
      { errorKind: 'policy-blocked', errorType: 'ContentFiltered' },
    ]);
    expect(names).toEqual(['primary:fast', 'degrade']);
    expect(steps[1]).toEqual({
      kind: 'degrade',
      reason: 'fast blocked the request (ContentFiltered); not retried, not sent elsewhere',
      policyBlocked: true,
    });
  });
});

describe('Retry-After and maxRetryAfterMs', () => {
  it('waits for a Retry-After within the cap (default 5000 ms) before the retry', () => {
    const { names, steps } = play(testPolicy(), [{ errorType: 'RateLimited', retryAfterMs: 1500 }, answer]);
    expect(names).toEqual(['primary:fast', 'retry:fast', 'answer']);
    expect((steps[1] as Call).delayMs).toBe(1500);
    expect((steps[1] as Call).reason).toBe('transient RateLimited on fast: retry after Retry-After 1500 ms');
  });

  it('honours a Retry-After exactly at the cap', () => {
    const policy = policyWith(', maxRetryAfterMs: 2000');
    const { steps } = play(policy, [{ errorType: 'RateLimited', retryAfterMs: 2000 }, answer]);
    expect((steps[1] as Call).role).toBe('retry');
    expect((steps[1] as Call).delayMs).toBe(2000);
  });

  it('fails over at once on a Retry-After over the cap, and says so', () => {
    const policy = policyWith(', maxRetryAfterMs: 2000');
    const { names, steps } = play(policy, [{ errorType: 'RateLimited', retryAfterMs: 2001 }, answer]);
    expect(names).toEqual(['primary:fast', 'fallback:strong', 'answer']);
    expect((steps[1] as Call).delayMs).toBe(0);
    expect((steps[1] as Call).reason).toBe(
      'fast failed (transient RateLimited; Retry-After 2001 ms is over maxRetryAfterMs 2000: fail over at once): ' +
        'fall back to strong',
    );
  });

  it('a route cap overrides the default one; with no model left the request degrades with the reason', () => {
    const policy = policyWith(', maxRetryAfterMs: 60000', '\n    maxRetryAfterMs: 500');
    expect(planOf(policy).limits.maxRetryAfterMs).toBe(500);
    const plan = { ...planOf(policy) };
    plan.candidates = plan.candidates.slice(0, 1);
    let state = startLadder(plan, T0);
    const first = nextStep(state, policy, T0) as Call;
    state = recordAttempt(state, first, failure(first, 1, { errorType: 'RateLimited', retryAfterMs: 1000 }));
    expect(nextStep(state, policy, T0 + 10)).toEqual({
      kind: 'degrade',
      reason:
        'all 1 model(s) tried failed; last: fast RateLimited (Retry-After 1000 ms is over maxRetryAfterMs 500: fail over at once)',
    });
  });

  it('a retry class without Retry-After waits retryDelayMs', () => {
    const { steps } = play(testPolicy(), [{ errorType: 'ConnectionError' }, answer]);
    expect((steps[1] as Call).delayMs).toBe(100);
  });
});

describe('replaying histories from before failover by kind', () => {
  it('retries every transient error and honours any Retry-After within the deadline', () => {
    const old = play(testPolicy(), [{ errorType: 'StreamStalled' }, {}, answer], false);
    expect(old.names).toEqual(['primary:fast', 'retry:fast', 'fallback:strong', 'answer']);
    const waited = play(testPolicy(), [{ errorType: 'RateLimited', retryAfterMs: 4000 }, answer], false);
    expect(waited.names).toEqual(['primary:fast', 'retry:fast', 'answer']);
  });

  it('keeps the first-token limit at the attempt timeout and degrades without a finish marker', () => {
    expect(planOf(testPolicy(), { failoverByKind: false }).limits.firstTokenTimeoutMs).toBe(1000);
    const blocked = play(testPolicy(), [{ errorKind: 'policy-blocked', errorType: 'ContentFiltered' }], false);
    expect(blocked.steps[1]).toEqual({
      kind: 'degrade',
      reason: 'fast blocked the request (ContentFiltered); not retried, not sent elsewhere',
    });
  });
});

describe('first-token limit default', () => {
  it.each([
    [30_000, 10_000],
    [4000, 2000],
    [12_000, 4000],
    [1500, 1500],
    [1000, 1000],
  ])('a %i ms attempt gets %i ms', (timeoutMs, expected) => {
    expect(defaultFirstTokenTimeoutMs(timeoutMs)).toBe(expected);
  });

  it('applies when neither route nor defaults set one; an explicit value wins', () => {
    const route = { name: 'r', primary: 'fast', fallbacks: [], redact: false, review: 'auto' as const };
    const request = { messages: [{ role: 'user' as const, content: 'x' }] };
    const thirty = testPolicy(
      BASE_POLICY_YAML.replace('timeoutMs: 1000, deadlineMs: 5000', 'timeoutMs: 30000, deadlineMs: 60000'),
    );
    expect(routeLimits(thirty, route, request).firstTokenTimeoutMs).toBe(10_000);
    expect(routeLimits(thirty, { ...route, firstTokenTimeoutMs: 7000 }, request).firstTokenTimeoutMs).toBe(7000);
    const ladder = startLadder(planOf(thirty), T0);
    expect((nextStep(ladder, thirty, T0) as Call).timeouts).toEqual({
      timeoutMs: 30_000,
      firstTokenTimeoutMs: 10_000,
      idleTimeoutMs: 30_000,
    });
  });
});

describe('policy check of the failover keys', () => {
  const check = (yaml: string): string[] => {
    try {
      testPolicy(yaml);
      return [];
    } catch (error) {
      return (error as Error).message.split('\n');
    }
  };

  it('rejects an unknown class and an unknown reaction, with line and column', () => {
    const unknownClass = BASE_POLICY_YAML.replace('retries: 1,', 'retries: 1, onError: { timeout: retry },');
    expect(check(unknownClass).join('\n')).toMatch(/test\.yaml:3:\d+: defaults\.onError: .*timeout/);
    const badReaction = BASE_POLICY_YAML.replace('retries: 1,', 'retries: 1, onError: { streamStall: later },');
    expect(check(badReaction).join('\n')).toMatch(/test\.yaml:3:\d+: defaults\.onError\.streamStall/);
  });

  it('accepts maxRetryAfterMs and blockedReply; a policy without them keeps its shape (and hash)', () => {
    const policy = policyWith(', maxRetryAfterMs: 0', '\n    blockedReply: message');
    expect(policy.defaults.maxRetryAfterMs).toBe(0);
    expect(policy.routes.find((route) => route.name === 'faq')?.blockedReply).toBe('message');
    const plain = testPolicy();
    expect(plain.defaults).not.toHaveProperty('onError');
    expect(plain.defaults).not.toHaveProperty('maxRetryAfterMs');
    expect(plain.routes[0]).not.toHaveProperty('blockedReply');
  });
});
