import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteResult } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/**
 * Failover by error kind on a real dev server against the fake provider, with the Failover Bench baseline
 * shape (up to 2 retries, one fallback) scaled down: 6 s per attempt and no first-token limit in the policy,
 * so the default applies (min(6000, max(2000, 6000 / 3)) = 2000 ms). Each case asserts who answered, what
 * reached the wire, and that a slow or silent model costs about one first-token or idle limit, never several
 * attempt timeouts.
 */
const POLICY = `
version: failover-by-kind-test-1
defaults: { timeoutMs: 6000, idleTimeoutMs: 1000, deadlineMs: 30000, retries: 2, retryDelayMs: 50, maxOutputTokens: 200 }
providers:
  fake-openai: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
  fake-anthropic: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake-anthropic, id: ok, contextTokens: 200000, price: { inputPer1M: 3, outputPer1M: 15 }, capabilities: [json] }
  ok-openai: { provider: fake-openai, id: ok, contextTokens: 200000, price: { inputPer1M: 3, outputPer1M: 15 }, capabilities: [json] }
  silent: { provider: fake-openai, id: no-response, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
  late-token: { provider: fake-openai, id: 'slow-first-token:ms=4000', contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
  stall: { provider: fake-openai, id: 'stream-stall:chunks=2', contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
  short-wait: { provider: fake-openai, id: '429-retry-after:s=1', contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
  long-wait: { provider: fake-openai, id: '429-retry-after:s=30', contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
  refuses-openai: { provider: fake-openai, id: content-policy, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
  refuses-anthropic: { provider: fake-anthropic, id: content-policy, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 1 } }
routes:
  - { name: silent, primary: silent, fallbacks: [ok] }
  - { name: late-token, primary: late-token, fallbacks: [ok] }
  - { name: stall, primary: stall, fallbacks: [ok] }
  - { name: stall-retried, primary: stall, fallbacks: [ok], retries: 1, onError: { streamStall: retry } }
  - { name: short-wait, primary: short-wait, fallbacks: [ok] }
  - { name: long-wait, primary: long-wait, fallbacks: [ok] }
  - { name: refuses-openai, primary: refuses-openai, fallbacks: [ok] }
  - { name: refuses-anthropic, primary: refuses-anthropic, fallbacks: [ok-openai] }
  - { name: capped, primary: ok, fallbacks: [ok-openai], maxOutputTokens: 6 }
  - { name: capped-json, primary: ok, fallbacks: [ok-openai], maxOutputTokens: 6, responseFormat: { type: json } }
  - { name: default, primary: ok }
access: { forceRoutes: all }
`;

const ROUTES = [
  'silent',
  'late-token',
  'stall',
  'stall-retried',
  'short-wait',
  'long-wait',
  'refuses-openai',
  'refuses-anthropic',
  'capped',
  'capped-json',
] as const;

describe('failover by error kind (real dev server, fake provider over HTTP)', () => {
  let harness: Harness;
  const results = new Map<string, RouteResult>();

  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY });
    const settled = await Promise.all(
      ROUTES.map((route) =>
        harness.router.route({ route, messages: [{ role: 'user', content: `failover ${route}` }] }),
      ),
    );
    ROUTES.forEach((route, index) => {
      results.set(route, settled[index]!);
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const attemptsOf = (route: string) =>
    results.get(route)!.attempts.map((attempt) => `${attempt.role}:${attempt.model}:${attempt.errorType ?? 'ok'}`);
  const wireOf = (route: string) => {
    const wire: Record<string, number> = {};
    for (const attempt of harness.fake.attempts({ workflowId: results.get(route)!.workflowId }))
      wire[attempt.model] = (wire[attempt.model] ?? 0) + 1;
    return wire;
  };

  it('a silent upstream fails over after about the first-token limit, not after attempt timeouts', () => {
    const result = results.get('silent')!;
    expect(result).toMatchObject({ outcome: 'answered', model: 'ok', finish: 'stop' });
    expect(attemptsOf('silent')).toEqual(['primary:silent:NoResponse', 'fallback:ok:ok']);
    expect(wireOf('silent')).toEqual({ 'no-response': 1, ok: 1 });
    const silent = result.attempts[0]!;
    expect(silent.message).toBe('no response within 2000 ms');
    // One first-token limit (2 s), far below even one attempt timeout (6 s).
    expect(silent.latencyMs).toBeGreaterThanOrEqual(1900);
    expect(result.latencyMs).toBeLessThan(6000);
  });

  it('a first token later than the limit fails over at once (no retry of the slow model)', () => {
    const result = results.get('late-token')!;
    expect(result).toMatchObject({ outcome: 'answered', model: 'ok' });
    expect(attemptsOf('late-token')).toEqual(['primary:late-token:FirstTokenTimeout', 'fallback:ok:ok']);
    expect(wireOf('late-token')).toEqual({ 'slow-first-token:ms=4000': 1, ok: 1 });
    expect(result.attempts[0]!.latencyMs).toBeLessThan(4000);
  });

  it('a stalled stream fails over within the idle limit without retrying the stalled model', () => {
    const result = results.get('stall')!;
    expect(result).toMatchObject({ outcome: 'answered', model: 'ok' });
    expect(attemptsOf('stall')).toEqual(['primary:stall:StreamStalled', 'fallback:ok:ok']);
    expect(wireOf('stall')).toEqual({ 'stream-stall:chunks=2': 1, ok: 1 });
    expect(result.attempts[0]!.latencyMs).toBeLessThan(6000);
    expect(result.trail.find((entry) => entry.step === 'fallback')?.reason).toBe(
      'stall failed (transient StreamStalled; onError.streamStall: fail over at once): fall back to ok',
    );
  });

  it('a route may retry stalls instead (onError.streamStall: retry)', () => {
    expect(attemptsOf('stall-retried')).toEqual([
      'primary:stall:StreamStalled',
      'retry:stall:StreamStalled',
      'fallback:ok:ok',
    ]);
  });

  it('a 429 with a short Retry-After is retried on the same model after the wait', () => {
    const result = results.get('short-wait')!;
    expect(result).toMatchObject({ outcome: 'answered', model: 'short-wait' });
    expect(attemptsOf('short-wait')).toEqual(['primary:short-wait:RateLimited', 'retry:short-wait:ok']);
    const [first, second] = harness.fake.attempts({ workflowId: result.workflowId });
    expect(Date.parse(second!.at) - Date.parse(first!.at)).toBeGreaterThanOrEqual(1000);
    expect(result.trail.find((entry) => entry.step === 'retry')?.reason).toBe(
      'transient RateLimited on short-wait: retry after Retry-After 1000 ms',
    );
  });

  it('a 429 whose Retry-After is over maxRetryAfterMs fails over at once, and the trail says so', () => {
    const result = results.get('long-wait')!;
    expect(result).toMatchObject({ outcome: 'answered', model: 'ok' });
    expect(attemptsOf('long-wait')).toEqual(['primary:long-wait:RateLimited', 'fallback:ok:ok']);
    expect(wireOf('long-wait')).toEqual({ '429-retry-after:s=30': 1, ok: 1 });
    expect(result.latencyMs).toBeLessThan(6000);
    expect(result.trail.find((entry) => entry.step === 'fallback')?.reason).toBe(
      'long-wait failed (transient RateLimited; Retry-After 30000 ms is over maxRetryAfterMs 5000: fail over at once): ' +
        'fall back to ok',
    );
  });

  it.each([
    ['refuses-openai', 'ok'],
    ['refuses-anthropic', 'ok'],
  ])(
    '%s: a content-policy 400 ends degraded with finish content-filter; the fallback is never called',
    (route, fallbackId) => {
      const result = results.get(route)!;
      expect(result).toMatchObject({
        outcome: 'degraded',
        model: null,
        finish: 'content-filter',
        answer: 'Thanks for your message. We need a little more time to answer it; a person will follow up shortly.',
      });
      expect(result.attempts).toHaveLength(1);
      expect(result.attempts[0]).toMatchObject({
        errorType: 'ContentFiltered',
        errorKind: 'policy-blocked',
        status: 400,
      });
      const wire = harness.fake.attempts({ workflowId: result.workflowId });
      expect(wire.map((attempt) => attempt.model)).toEqual(['content-policy']);
      expect(wire.some((attempt) => attempt.model === fallbackId)).toBe(false);
    },
  );

  it('an answer cut at the output cap is the answer, with finish length (no fallback)', () => {
    const result = results.get('capped')!;
    expect(result).toMatchObject({ outcome: 'answered', model: 'ok', finish: 'length' });
    expect(attemptsOf('capped')).toEqual(['primary:ok:ok']);
    expect(result.answer).toBeTruthy();
  });

  it('with a JSON response format a cut answer is still OutputTruncated and fails over', () => {
    expect(attemptsOf('capped-json')).toEqual(['primary:ok:OutputTruncated', 'fallback:ok-openai:OutputTruncated']);
    expect(results.get('capped-json')).toMatchObject({ outcome: 'degraded', finish: null });
  });

  it('every history replays', async () => {
    expect(await replayFailures(harness.client, harness.started)).toEqual([]);
  });
});
