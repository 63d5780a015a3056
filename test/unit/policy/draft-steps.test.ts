import { describe, expect, it } from 'vitest';
import { type DraftTry, nextDraftStep } from '../../../src/policy/draft-steps.js';
import { DEFAULT_ON_ERROR } from '../../../src/policy/failover-schema.js';
import { failedOutputsOf } from '../../../src/policy/review-packet.js';
import type { AttemptRecord } from '../../../src/policy/types.js';

const limits = { retries: 1, retryDelayMs: 100, maxRetryAfterMs: 5000, onError: DEFAULT_ON_ERROR };

function failed(model: string, errorType: string, errorKind: DraftTry['errorKind'] = 'transient'): DraftTry {
  return { model, attempted: true, ok: false, errorKind, errorType, retryAfterMs: null, why: errorType };
}

describe('nextDraftStep', () => {
  it('starts with the first allowed draft model', () => {
    expect(nextDraftStep(['a', 'b'], [], limits, 10_000)).toMatchObject({ kind: 'call', model: 'a', delayMs: 0 });
  });

  it('retries a 503 on the same model, then falls back to the next', () => {
    const once = [failed('a', 'ServerError')];
    expect(nextDraftStep(['a', 'b'], once, limits, 10_000)).toMatchObject({ kind: 'call', model: 'a', delayMs: 100 });
    const twice = [...once, failed('a', 'ServerError')];
    expect(nextDraftStep(['a', 'b'], twice, limits, 10_000)).toMatchObject({ kind: 'call', model: 'b', delayMs: 0 });
  });

  it('fails a lost worker (activity timeout) over to the next model, or retries when none is left', () => {
    const died = [failed('a', 'ActivityTimeout')];
    expect(nextDraftStep(['a', 'b'], died, limits, 10_000)).toMatchObject({ kind: 'call', model: 'b' });
    expect(nextDraftStep(['a'], died, { ...limits, retries: 0 }, 10_000)).toMatchObject({ kind: 'call', model: 'a' });
  });

  it('stops with the reason once every allowed model failed, at the deadline, or on a content refusal', () => {
    const all = [failed('a', 'BadRequest', 'permanent'), failed('b', 'ServerError'), failed('b', 'ServerError')];
    const stop = nextDraftStep(['a', 'b'], all, limits, 10_000);
    expect(stop.kind).toBe('stop');
    expect(stop.kind === 'stop' && stop.reason).toMatch(
      /every draft model allowed failed .*a: BadRequest; b: ServerError/,
    );
    expect(nextDraftStep(['a', 'b'], [failed('a', 'ServerError')], limits, 200)).toMatchObject({ kind: 'stop' });
    const blocked = [failed('a', 'ContentFiltered', 'policy-blocked')];
    expect(nextDraftStep(['a', 'b'], blocked, limits, 10_000)).toMatchObject({ kind: 'stop' });
  });

  it('moves on at once past an open circuit breaker', () => {
    const open = [failed('a', 'CircuitOpen')];
    expect(nextDraftStep(['a', 'b'], open, limits, 10_000)).toMatchObject({ kind: 'call', model: 'b' });
  });

  it('moves on when the cap refused a try (no attempt made)', () => {
    const refused: DraftTry = { ...failed('a', 'x'), attempted: false, errorKind: null, errorType: null };
    expect(nextDraftStep(['a', 'b'], [refused], limits, 10_000)).toMatchObject({ kind: 'call', model: 'b' });
  });
});

describe('failedOutputsOf', () => {
  const base: AttemptRecord = {
    n: 1,
    model: 'fast',
    provider: 'p',
    role: 'primary',
    ok: false,
    errorKind: 'transient',
    errorType: 'OutputFormatInvalid',
    message: 'answer is not JSON',
    status: null,
    retryAfterMs: null,
    formatFailure: true,
    latencyMs: 10,
    inputTokens: 1,
    outputTokens: 1,
    costUsd: 0,
  };

  it('lists every failed attempt with its text and error, leaving out answers and open circuits', () => {
    const attempts: AttemptRecord[] = [
      base,
      { ...base, n: 2, model: 'strong', errorType: 'ServerError', message: '503', formatFailure: false },
      { ...base, n: 3, errorType: 'CircuitOpen' },
      { ...base, n: 4, ok: true, errorType: null, errorKind: null, message: null },
    ];
    expect(failedOutputsOf(attempts, new Map([[1, 'Sure! Here is prose.']]))).toEqual([
      {
        model: 'fast',
        text: 'Sure! Here is prose.',
        error: 'OutputFormatInvalid: answer is not JSON',
        attempt: 1,
        role: 'primary',
      },
      { model: 'strong', text: null, error: 'ServerError: 503', attempt: 2, role: 'primary' },
    ]);
  });
});
