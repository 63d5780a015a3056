import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../../src/config/load-policy.js';
import { PolicyError } from '../../../src/config/policy-error.js';
import { attemptDecoding, routeCallSettings, withCaller } from '../../../src/policy/attempt-decoding.js';
import { decideRoute } from '../../../src/policy/decide-route.js';
import { type LadderStep, nextStep, recordAttempt, startLadder } from '../../../src/policy/ladder.js';
import type { AttemptRecord } from '../../../src/policy/types.js';
import { classification } from '../../support/policies.js';

const POLICY = `version: decoding-1
defaults:
  decoding: { temperature: 0.7, topP: 0.95, seed: 1 }
  decodingLimits: { temperature: { max: 1.2 } }
  retries: 1
  retryDelayMs: 0
providers:
  p: { kind: openai-compatible, baseURL: http://127.0.0.1:1/v1, dataClasses: [public] }
models:
  m: { provider: p, id: m, contextTokens: 8000, price: { inputPer1M: 1, outputPer1M: 1 }, capabilities: [json], decoding: { temperature: 0.5, stop: ["</m>"] } }
  n: { provider: p, id: n, contextTokens: 8000, price: { inputPer1M: 1, outputPer1M: 1 }, capabilities: [json] }
routes:
  - name: json
    when: { metadata: { lane: json } }
    primary: m
    responseFormat: { type: json }
    decoding: { temperature: 0.2, stop: ["###"] }
    callerDecoding: clamp
    decodingLimits: { topP: { min: 0.5 }, maxStop: 1, seed: false }
    adjustedRetry: { temperature: 0, strictFormat: true }
  - name: plain
    primary: n
    repair: false
access: { metadataKeys: [lane] }
`;

function issuesOf(yaml: string): string[] {
  try {
    parsePolicyText(yaml, '/virtual/p.yaml', 'p.yaml');
  } catch (error) {
    if (error instanceof PolicyError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a PolicyError');
}

const policy = parsePolicyText(POLICY, '/virtual/p.yaml', 'p.yaml').policy;
const route = (name: string) => policy.routes.find((candidate) => candidate.name === name)!;

describe('decoding settings', () => {
  it('validates ranges with errors naming the field', () => {
    const bad = POLICY.replace(
      'decoding: { temperature: 0.7, topP: 0.95, seed: 1 }',
      'decoding: { temperature: 2.5, topP: 0, seed: 1.5 }',
    )
      .replace('decoding: { temperature: 0.2, stop: ["###"] }', 'decoding: { stop: ["a", "b", "c", "d", "e"] }')
      .replace('decodingLimits: { topP: { min: 0.5 }', 'decodingLimits: { topP: { min: 0.9, max: 0.5 }')
      .replace('callerDecoding: clamp', 'callerDecoding: always');
    const issues = issuesOf(bad).join('\n');
    expect(issues).toMatch(/defaults\.decoding\.temperature: must be within 0\.\.2/);
    expect(issues).toMatch(/defaults\.decoding\.topP: must be above 0/);
    expect(issues).toMatch(/defaults\.decoding\.seed: must be an integer/);
    expect(issues).toMatch(/routes\[0\]\.decoding\.stop: at most 4 stop sequences/);
    expect(issues).toMatch(/routes\[0\]\.decodingLimits\.topP: min must not be above max/);
    expect(issues).toMatch(/routes\[0\]\.callerDecoding: /);
    const longStop = issuesOf(POLICY.replace('stop: ["###"]', `stop: ["${'x'.repeat(65)}"]`)).join('\n');
    expect(longStop).toMatch(/routes\[0\]\.decoding\.stop\[0\]: a stop sequence has at most 64 characters/);
  });

  it('layers defaults, then the model, then the route, key by key; repair defaults to true', () => {
    const settings = routeCallSettings(policy, route('json'));
    expect(settings.repair).toBe(true);
    expect(routeCallSettings(policy, route('plain')).repair).toBe(false);
    expect(settings.adjustedRetry).toEqual({ temperature: 0, strictFormat: true });
    expect(routeCallSettings(policy, route('plain')).adjustedRetry).toBeNull();
    expect(attemptDecoding(settings.decoding, policy.models.m!.decoding, undefined, null)).toEqual({
      temperature: 0.2,
      topP: 0.95,
      stop: ['###'],
      seed: 1,
    });
    const plain = routeCallSettings(policy, route('plain')).decoding;
    expect(attemptDecoding(plain, policy.models.m!.decoding, undefined, null)).toEqual({
      temperature: 0.5,
      topP: 0.95,
      stop: ['</m>'],
      seed: 1,
    });
  });

  it('adjustedRetry in defaults applies to every route; a route’s merges over it key by key', () => {
    const layered = parsePolicyText(
      POLICY.replace('  retries: 1\n', '  retries: 1\n  adjustedRetry: { strictFormat: true, topP: 0.5 }\n').replace(
        'adjustedRetry: { temperature: 0, strictFormat: true }',
        'adjustedRetry: { temperature: 0, strictFormat: false }',
      ),
      '/virtual/p.yaml',
      'p.yaml',
    ).policy;
    const routeOf = (name: string) => layered.routes.find((candidate) => candidate.name === name)!;
    expect(routeCallSettings(layered, routeOf('json')).adjustedRetry).toEqual({
      temperature: 0,
      strictFormat: false,
      topP: 0.5,
    });
    expect(routeCallSettings(layered, routeOf('plain')).adjustedRetry).toEqual({ strictFormat: true, topP: 0.5 });
  });

  it('ignores a caller’s values unless the route says clamp; clamps them to the route’s limits', () => {
    const caller = { temperature: 1.9, topP: 0.1, stop: ['END', '##', '@@'], seed: 99 };
    const plain = routeCallSettings(policy, route('plain')).decoding;
    expect(plain.caller).toBe('ignore');
    expect(attemptDecoding(plain, undefined, caller, null)).toEqual({ temperature: 0.7, topP: 0.95, seed: 1 });
    const json = routeCallSettings(policy, route('json')).decoding;
    // temperature: defaults' max 1.2; topP: the route's min 0.5; one stop added to the route's; seed not allowed.
    expect(attemptDecoding(json, undefined, caller, null)).toEqual({
      temperature: 1.2,
      topP: 0.5,
      stop: ['###', 'END'],
      seed: 1,
    });
    expect(attemptDecoding(json, undefined, { temperature: 0.4 }, null).temperature).toBe(0.4);
  });

  it('keeps the policy’s stop sequences first and at most 4 in all; with no limits the valid ranges apply', () => {
    const own = { stop: ['a', 'b', 'c'] };
    expect(withCaller(own, { stop: ['d', 'e', 'a'] }, {}).stop).toEqual(['a', 'b', 'c', 'd']);
    expect(withCaller({}, { temperature: 2, topP: 1, seed: -3 }, {})).toEqual({ temperature: 2, topP: 1, seed: -3 });
  });

  it('an adjusted retry overrides the temperature last, over the caller’s value', () => {
    const json = routeCallSettings(policy, route('json'));
    const values = attemptDecoding(json.decoding, undefined, { temperature: 1 }, json.adjustedRetry);
    expect(values.temperature).toBe(0);
  });
});

describe('the ladder marks the retry after a format failure as adjusted', () => {
  const planOf = (lane: string | null) => {
    const decision = decideRoute(
      policy,
      { messages: [{ role: 'user', content: 'x' }], ...(lane ? { metadata: { lane } } : {}) },
      { classification: classification(), dataClass: 'public', metadata: lane ? { lane } : {} },
    );
    if (decision.kind !== 'plan') throw new Error('no plan');
    return decision.plan;
  };
  const failed = (step: Extract<LadderStep, { kind: 'call' }>, formatFailure: boolean): AttemptRecord => ({
    n: 1,
    model: step.candidate.model,
    provider: step.candidate.provider,
    role: step.role,
    ok: false,
    errorKind: 'transient',
    errorType: formatFailure ? 'OutputFormatInvalid' : 'Overloaded',
    message: null,
    status: null,
    retryAfterMs: null,
    formatFailure,
    latencyMs: 10,
    inputTokens: 1,
    outputTokens: 1,
    costUsd: 0,
  });
  const retryAfter = (lane: string | null, formatFailure: boolean) => {
    let state = startLadder(planOf(lane), 0);
    const first = nextStep(state, policy, 0);
    if (first.kind !== 'call') throw new Error('no call');
    expect(first.adjusted).toBeUndefined();
    state = recordAttempt(state, first, failed(first, formatFailure));
    return nextStep(state, policy, 10);
  };

  it('on a route with adjustedRetry, after a format failure: adjusted, said in the retry reason', () => {
    const retry = retryAfter('json', true);
    expect(retry).toMatchObject({ kind: 'call', role: 'retry', adjusted: true });
    expect(retry.kind === 'call' && retry.reason).toMatch(/adjusted: temperature 0, stricter format instruction$/);
  });

  it('not after another failure, nor on a route without adjustedRetry', () => {
    expect(retryAfter('json', false)).toMatchObject({ kind: 'call', role: 'retry' });
    expect((retryAfter('json', false) as { adjusted?: boolean }).adjusted).toBeUndefined();
    expect((retryAfter(null, true) as { adjusted?: boolean }).adjusted).toBeUndefined();
  });
});
