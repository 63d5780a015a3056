import { describe, expect, it } from 'vitest';
import type { RouteHandle } from '../../../src/client/router-client.js';
import { cancelDurably, hangUpPolicyFor } from '../../../src/gateway/client-hang-up.js';
import { backoffMs, isConnectionLoss } from '../../../src/gateway/connection-loss.js';
import { GatewayError } from '../../../src/gateway/openai-error.js';
import { type WaitOptions, waitForOutcome } from '../../../src/gateway/wait-for-outcome.js';
import type { RouteResult } from '../../../src/policy/types.js';
import type { RouteStatus } from '../../../workflows/types.js';

/**
 * The gateway's wait against a scripted fake handle (a plain object, no Temporal): each `result()` call
 * takes the next step of the script, so a test can lose the connection, hang, or answer.
 */
type ResultStep = { answer: RouteResult } | { fail: unknown } | 'hang';

const RESULT = { outcome: 'answered', answer: 'hello' } as unknown as RouteResult;
const unavailable = () => Object.assign(new Error('14 UNAVAILABLE: Connection dropped'), { code: 14 });

interface FakeHandle extends RouteHandle {
  resultCalls: number;
  cancelCalls: number;
}

function fakeHandle(
  script: ResultStep[],
  extra: { status?: () => Promise<RouteStatus>; cancel?: () => Promise<void> } = {},
): FakeHandle {
  const handle: FakeHandle = {
    workflowId: 'route-test',
    resultCalls: 0,
    cancelCalls: 0,
    result: () => {
      const step = script[Math.min(handle.resultCalls, script.length - 1)]!;
      handle.resultCalls += 1;
      if (step === 'hang') return new Promise<RouteResult>(() => undefined); // ignores its abort signal, too
      if ('fail' in step) return Promise.reject(step.fail);
      return Promise.resolve(step.answer);
    },
    status: extra.status ?? (() => new Promise<RouteStatus>(() => undefined)),
    cancel: async () => {
      handle.cancelCalls += 1;
      await extra.cancel?.();
    },
    resolveReview: () => Promise.reject(new Error('not used')),
    signalReview: () => Promise.reject(new Error('not used')),
  };
  return handle;
}

const base = (extra: Partial<WaitOptions> = {}): WaitOptions => ({
  signal: new AbortController().signal,
  reviewWaitMs: 60_000,
  maxWaitMs: 5_000,
  pollTimeoutMs: 100,
  ...extra,
});

describe('waitForOutcome through a lost connection', () => {
  it('re-issues a result poll that failed with UNAVAILABLE and returns the outcome', async () => {
    const handle = fakeHandle([{ fail: unavailable() }, { fail: unavailable() }, { answer: RESULT }]);
    const reconnects: number[] = [];
    const outcome = await waitForOutcome(handle, base({ onReconnect: (_error, attempt) => reconnects.push(attempt) }));
    expect(outcome).toEqual({ kind: 'result', result: RESULT });
    expect(handle.resultCalls).toBe(3);
    expect(reconnects).toEqual([1, 2]);
  });

  it('abandons a poll that hangs past pollTimeoutMs (a server gone silently) and asks again', async () => {
    const handle = fakeHandle(['hang', 'hang', { answer: RESULT }]);
    const outcome = await waitForOutcome(handle, base({ pollTimeoutMs: 50 }));
    expect(outcome).toEqual({ kind: 'result', result: RESULT });
    expect(handle.resultCalls).toBe(3);
  });

  it('ends with a clean 503 when Temporal stays unreachable past the bound, naming the workflow', async () => {
    const handle = fakeHandle([{ fail: unavailable() }]);
    const error = await waitForOutcome(handle, base({ maxWaitMs: 600 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 503, code: 'router_unavailable', workflowId: 'route-test' });
  });

  it('ends with a clean 504 when polls hang (no error) past the bound', async () => {
    const handle = fakeHandle(['hang']);
    const started = Date.now();
    const error = await waitForOutcome(handle, base({ maxWaitMs: 300, pollTimeoutMs: 100 })).catch((caught) => caught);
    expect(error).toMatchObject({ status: 504, code: 'routing_timeout', workflowId: 'route-test' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('throws errors of the result itself at once (a failed workflow is no connection loss)', async () => {
    const failed = Object.assign(new Error('Workflow execution failed'), { name: 'WorkflowFailedError' });
    const handle = fakeHandle([{ fail: failed }]);
    await expect(waitForOutcome(handle, base())).rejects.toBe(failed);
    expect(handle.resultCalls).toBe(1);
  });

  it('answers pending review after reviewWaitMs even while status queries fail now and then', async () => {
    let queries = 0;
    const status = async () => {
      queries += 1;
      if (queries === 1) throw unavailable();
      return { phase: 'awaiting-review', result: null } as unknown as RouteStatus;
    };
    const handle = fakeHandle(['hang'], { status });
    const outcome = await waitForOutcome(handle, base({ reviewWaitMs: 50, recheckMs: 50, pollTimeoutMs: 10_000 }));
    expect(outcome.kind).toBe('pending-review');
    expect(queries).toBe(2);
  });
});

describe('park check', () => {
  it('answers pending as soon as the request parks, without waiting reviewWaitMs from the start', async () => {
    let checks = 0;
    let queries = 0;
    const parked = async () => {
      checks += 1;
      return checks >= 3;
    };
    const status = async () => {
      queries += 1;
      return { phase: 'awaiting-review', result: null } as unknown as RouteStatus;
    };
    const handle = fakeHandle(['hang'], { status });
    // reviewWaitMs counts from the park: 0 answers at once; the 60 s of the old rule would time the test out.
    const outcome = await waitForOutcome(
      handle,
      base({ parked, parkCheckMs: 20, reviewWaitMs: 0, maxWaitMs: 60_000, pollTimeoutMs: 60_000 }),
    );
    expect(outcome.kind).toBe('pending-review');
    expect(checks).toBe(3);
    expect(queries).toBe(1);
  });

  it('falls back to status queries when the request carries no review attribute', async () => {
    let checks = 0;
    const parked = async () => {
      checks += 1;
      return null;
    };
    const status = async () => ({ phase: 'awaiting-review', result: null }) as unknown as RouteStatus;
    const handle = fakeHandle(['hang'], { status });
    const outcome = await waitForOutcome(
      handle,
      base({ parked, parkCheckMs: 20, reviewWaitMs: 0, maxWaitMs: 60_000, pollTimeoutMs: 60_000 }),
    );
    expect(outcome.kind).toBe('pending-review');
    expect(checks).toBe(1);
  });
});

describe('first task bound', () => {
  it('answers 503 no_worker when no worker picked the first task up in time', async () => {
    const handle = fakeHandle(['hang']);
    const error = await waitForOutcome(
      handle,
      base({ firstTaskStarted: async () => false, firstTaskTimeoutMs: 100, pollTimeoutMs: 10_000 }),
    ).catch((caught) => caught);
    expect(error).toMatchObject({ status: 503, code: 'no_worker', workflowId: 'route-test' });
    expect((error as GatewayError).headers()).toMatchObject({ 'retry-after': '2', 'x-should-retry': 'true' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handle.cancelCalls).toBe(1); // nobody waits for it: the hang-up rule applies
  });

  it('keeps waiting once a worker has the request', async () => {
    let answered = false;
    const handle = fakeHandle(['hang']);
    handle.result = () =>
      new Promise((resolve) => setTimeout(() => resolve(RESULT), 400)).then((result) => {
        answered = true;
        return result as RouteResult;
      });
    const outcome = await waitForOutcome(
      handle,
      base({ firstTaskStarted: async () => true, firstTaskTimeoutMs: 50, recheckMs: 20, pollTimeoutMs: 10_000 }),
    );
    expect(outcome.kind).toBe('result');
    expect(answered).toBe(true);
  });
});

describe('client hang-up', () => {
  it('cancels the workflow of a request without an idempotency key', async () => {
    const gone = new AbortController();
    const handle = fakeHandle(['hang']);
    const cancelled = new Promise<unknown>((resolve) => {
      const pending = waitForOutcome(handle, base({ signal: gone.signal, hangUp: 'cancel', onCancel: resolve }));
      setTimeout(() => gone.abort(), 20);
      void pending.then((outcome) => expect(outcome).toEqual({ kind: 'client-gone' }));
    });
    expect(await cancelled).toBeNull();
    expect(handle.cancelCalls).toBe(1);
  });

  it('leaves the workflow running when the request carried an idempotency key', async () => {
    const gone = new AbortController();
    gone.abort();
    const handle = fakeHandle(['hang']);
    expect(await waitForOutcome(handle, base({ signal: gone.signal, hangUp: 'keep-running' }))).toEqual({
      kind: 'client-gone',
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handle.cancelCalls).toBe(0);
    expect(hangUpPolicyFor('order-42')).toBe('keep-running');
    expect(hangUpPolicyFor(undefined)).toBe('cancel');
  });

  it('keeps trying to cancel through a restart, and stops at a refusal', async () => {
    let calls = 0;
    const flaky = {
      cancel: async () => {
        calls += 1;
        if (calls < 3) throw unavailable();
      },
    };
    const done = await new Promise<unknown>((resolve) => {
      void cancelDurably(flaky, { untilMs: Date.now() + 5000, onDone: resolve });
    });
    expect(done).toBeNull();
    expect(calls).toBe(3);
    const closed = Object.assign(new Error('workflow execution already completed'), { code: 5 });
    const refused = await new Promise<unknown>((resolve) => {
      void cancelDurably({ cancel: () => Promise.reject(closed) }, { untilMs: Date.now() + 5000, onDone: resolve });
    });
    expect(refused).toBe(closed);
  });
});

describe('connection loss', () => {
  it('tells lost connections from refusals, and backs off with a cap', () => {
    expect(isConnectionLoss(unavailable())).toBe(true);
    expect(isConnectionLoss({ code: 4 })).toBe(true);
    expect(isConnectionLoss(new Error('wrapped', { cause: { code: 14 } }))).toBe(true);
    expect(isConnectionLoss({ code: 13, details: 'Received RST_STREAM with code 2' })).toBe(true);
    expect(isConnectionLoss({ code: 13, details: 'bad protobuf' })).toBe(false);
    expect(isConnectionLoss({ code: 5 })).toBe(false);
    expect(isConnectionLoss(new Error('Workflow execution failed'))).toBe(false);
    expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffMs(attempt))).toEqual([250, 500, 1000, 2000, 2000, 2000]);
  });
});
