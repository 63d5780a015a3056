import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteResult } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/**
 * One request per fault route of examples/policies/fault-drill.yaml, on a real dev server against the
 * real fake provider over HTTP. Each row: who answers, the attempts the workflow records, the attempts
 * that reached the wire, and the trail reason the ladder gives.
 */
const EXPECTED: Record<
  string,
  { outcome: string; model: string | null; attempts: string[]; wire: Record<string, number> }
> = {
  ok: { outcome: 'answered', model: 'ok', attempts: ['primary:ok:ok'], wire: { ok: 1 } },
  slow: {
    outcome: 'answered',
    model: 'ok',
    attempts: ['primary:slow:NoResponse', 'fallback:ok:ok'],
    wire: { slow: 1, ok: 1 },
  },
  '429-retry-after': {
    outcome: 'answered',
    model: '429-retry-after',
    attempts: ['primary:429-retry-after:RateLimited', 'retry:429-retry-after:ok'],
    wire: { '429-retry-after': 2 },
  },
  '429': {
    outcome: 'answered',
    model: 'ok',
    attempts: ['primary:429:RateLimited', 'retry:429:RateLimited', 'fallback:ok:ok'],
    wire: { '429': 2, ok: 1 },
  },
  '500-once': {
    outcome: 'answered',
    model: '500-once',
    attempts: ['primary:500-once:ServerError', 'retry:500-once:ok'],
    wire: { '500-once': 2 },
  },
  '503': {
    outcome: 'answered',
    model: 'ok',
    attempts: ['primary:503:Overloaded', 'retry:503:Overloaded', 'fallback:ok:ok'],
    wire: { '503': 2, ok: 1 },
  },
  'reset-once': {
    outcome: 'answered',
    model: 'reset-once',
    attempts: ['primary:reset-once:ConnectionError', 'retry:reset-once:ok'],
    wire: { 'reset-once': 2 },
  },
  'no-response': {
    outcome: 'answered',
    model: 'ok',
    attempts: ['primary:no-response:NoResponse', 'fallback:ok:ok'],
    wire: { 'no-response': 1, ok: 1 },
  },
  'slow-first-token': {
    outcome: 'answered',
    model: 'ok',
    attempts: ['primary:slow-first-token:FirstTokenTimeout', 'fallback:ok:ok'],
    wire: { 'slow-first-token': 1, ok: 1 },
  },
  'stream-cut': {
    outcome: 'answered',
    model: 'ok',
    attempts: ['primary:stream-cut:StreamTruncated', 'fallback:ok:ok'],
    wire: { 'stream-cut': 1, ok: 1 },
  },
  'stream-stall': {
    outcome: 'answered',
    model: 'ok',
    attempts: ['primary:stream-stall:StreamStalled', 'fallback:ok:ok'],
    wire: { 'stream-stall': 1, ok: 1 },
  },
  'malformed-chunk': {
    outcome: 'answered',
    model: 'ok',
    attempts: ['primary:malformed-chunk:MalformedResponse', 'fallback:ok:ok'],
    wire: { 'malformed-chunk': 1, ok: 1 },
  },
  'no-done': { outcome: 'answered', model: 'no-done', attempts: ['primary:no-done:ok'], wire: { 'no-done': 1 } },
  'context-length': {
    outcome: 'answered',
    model: 'ok',
    attempts: ['primary:context-length:ContextLengthExceeded', 'fallback:ok:ok'],
    wire: { 'context-length': 1, ok: 1 },
  },
  'content-filter': {
    outcome: 'degraded',
    model: null,
    attempts: ['primary:content-filter:ContentFiltered'],
    wire: { 'content-filter': 1 },
  },
  'content-policy': {
    outcome: 'degraded',
    model: null,
    attempts: ['primary:content-policy:ContentFiltered'],
    wire: { 'content-policy': 1 },
  },
  'output-cap': { outcome: 'answered', model: 'ok', attempts: ['primary:ok:ok'], wire: { ok: 1 } },
  flap: {
    outcome: 'answered',
    model: 'ok',
    attempts: ['primary:flap:Overloaded', 'retry:flap:Overloaded', 'fallback:ok:ok'],
    wire: { flap: 2, ok: 1 },
  },
};

describe('fault drill: every fake-provider behaviour through the failure ladder', () => {
  let harness: Harness;
  const results = new Map<string, RouteResult>();

  beforeAll(async () => {
    harness = await startHarness({ policyFile: 'examples/policies/fault-drill.yaml' });
    const routes = Object.keys(EXPECTED);
    const settled = await Promise.all(
      routes.map((route) =>
        harness.router.route({ route, messages: [{ role: 'user', content: `drill for ${route}` }] }),
      ),
    );
    routes.forEach((route, index) => {
      results.set(route, settled[index]!);
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  for (const [route, expected] of Object.entries(EXPECTED)) {
    it(`route ${route}: ${expected.outcome} by ${expected.model ?? 'nobody'}`, () => {
      const result = results.get(route)!;
      expect(result.outcome).toBe(expected.outcome);
      expect(result.route).toBe(route);
      expect(result.model).toBe(expected.model);
      expect(result.attempts.map((attempt) => `${attempt.role}:${attempt.model}:${attempt.errorType ?? 'ok'}`)).toEqual(
        expected.attempts,
      );
      const wire: Record<string, number> = {};
      for (const attempt of harness.fake.attempts({ workflowId: result.workflowId }))
        wire[attempt.model] = (wire[attempt.model] ?? 0) + 1;
      expect(wire).toEqual(expected.wire);
      expect(result.latencyMs).toBeLessThan(15_000);
      expect(result.policyVersion).toBe('fault-drill-2026-11-21.1');
      expect(result.trail.map((entry) => entry.step)).toEqual(
        expect.arrayContaining(['validate', 'classify', 'privacy', 'route']),
      );
      if (expected.outcome === 'answered') expect(result.answer).toBeTruthy();
    });
  }

  it('honours Retry-After: the retry reaches the wire at least a second after the 429', () => {
    const result = results.get('429-retry-after')!;
    const [first, second] = harness.fake.attempts({ workflowId: result.workflowId });
    expect(Date.parse(second!.at) - Date.parse(first!.at)).toBeGreaterThanOrEqual(1000);
    expect(result.trail.find((entry) => entry.step === 'retry')?.reason).toBe(
      'transient RateLimited on 429-retry-after: retry after Retry-After 1000 ms',
    );
  });

  it.each(['content-filter', 'content-policy'])(
    'explains a %s block in the trail, does not retry or fall back, and ends with finish content-filter',
    (route) => {
      const result = results.get(route)!;
      expect(result.answer).toBe('Sorry, we cannot answer right now. A person will follow up.');
      expect(result.finish).toBe('content-filter');
      expect(result.trail.at(-1)).toMatchObject({
        step: 'degrade',
        reason: `${route} blocked the request (ContentFiltered); not retried, not sent elsewhere`,
      });
    },
  );

  it('fails over at once when a stream stalls, instead of retrying the stalled model', () => {
    const result = results.get('stream-stall')!;
    expect(result.trail.find((entry) => entry.step === 'fallback')?.reason).toBe(
      'stream-stall failed (transient StreamStalled; onError.streamStall: fail over at once): fall back to ok',
    );
  });

  it('returns an answer cut at the output cap as the answer, with finish length', () => {
    const result = results.get('output-cap')!;
    expect(result.finish).toBe('length');
    expect(result.usage?.outputTokens).toBeLessThanOrEqual(8);
    expect(results.get('ok')!.finish).toBe('stop');
  });

  it('skips the same-model retry after a context-length error and says why it falls back', () => {
    const result = results.get('context-length')!;
    expect(result.trail.find((entry) => entry.step === 'fallback')?.reason).toBe(
      'context-length failed (permanent ContextLengthExceeded): fall back to ok',
    );
  });

  it('records each attempt as its own event in the history (the first in the resolvePolicy marker), and the histories replay', async () => {
    const history = await harness.client.workflow.getHandle(results.get('503')!.workflowId).fetchHistory();
    // The first attempt ran on the fast path (docs/workflow-changes.md), made ahead inside resolvePolicy: its outcome
    // is in that local activity's marker (`first`); the retry and the fallback are regular activities.
    const json = (data: Uint8Array | null | undefined) =>
      data ? (JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, unknown>) : null;
    const attempts = history.events!.flatMap((event) => {
      const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
      if (scheduled) return [scheduled];
      const details = event.markerRecordedEventAttributes?.details;
      const type = json(details?.data?.payloads?.[0]?.data)?.activity_type;
      if (type === 'callModelLocally') return [`${type} (marker)`];
      const first = type === 'resolvePolicy' ? json(details?.result?.payloads?.[0]?.data)?.first : undefined;
      return first ? ['resolvePolicy first (marker)'] : [];
    });
    expect(attempts).toEqual(['resolvePolicy first (marker)', 'callModel', 'callModel']);
    expect(await replayFailures(harness.client, harness.started)).toEqual([]);
  });
});
