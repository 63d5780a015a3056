import { describe, expect, it } from 'vitest';
import { ModelCallError } from '../../../src/providers/model-call-error.js';
import { runStreamedCall, type StreamedCall } from '../../../src/providers/run-streamed-call.js';
import { callError, limits } from './fake-harness.js';

type Event = { text: string; finish?: string };

/** Rejects when the signal aborts (at once when it already has), as the SDKs do: a peer that never answers. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new Error('aborted'));
    else signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

/** A streamed call whose headers arrive after `headersMs` (never when null), then `events` with no end. */
function call(headersMs: number | null, events: Event[] = []): StreamedCall<Event> {
  return {
    async open(signal) {
      if (headersMs === null) return untilAborted(signal);
      await new Promise((resolve) => setTimeout(resolve, headersMs));
      if (signal.aborted) throw new Error('aborted');
      return (async function* () {
        yield* events;
        await untilAborted(signal);
      })();
    },
    apply(state, event) {
      state.text += event.text;
      if (event.finish) state.finishRaw = event.finish;
      return event.text.length > 0;
    },
    mapError: (error) => new ModelCallError('Unknown', String(error)),
    toFinishReason: (raw) => ({ unified: 'stop', raw }),
    modelId: 'm',
    inputChars: 4,
  };
}

describe('first-token limit: NoResponse before the headers, FirstTokenTimeout after them', () => {
  it('no headers within the limit → NoResponse (transient)', async () => {
    const error = await callError(runStreamedCall(call(null), limits({ firstTokenTimeoutMs: 60 })));
    expect(error).toMatchObject({ type: 'NoResponse', kind: 'transient', message: 'no response within 60 ms' });
  });

  it('headers at once, then only empty events → FirstTokenTimeout', async () => {
    const error = await callError(
      runStreamedCall(call(0, [{ text: '' }, { text: '' }]), limits({ firstTokenTimeoutMs: 60 })),
    );
    expect(error).toMatchObject({ type: 'FirstTokenTimeout', message: 'no first token within 60 ms' });
  });

  it('headers after the limit → NoResponse, even when the client still hands over a stream', async () => {
    const ignoresAbort: StreamedCall<Event> = {
      ...call(0),
      async open() {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return (async function* () {})();
      },
    };
    const error = await callError(runStreamedCall(ignoresAbort, limits({ firstTokenTimeoutMs: 60 })));
    expect(error.type).toBe('NoResponse');
  });

  it('headers after the limit → NoResponse', async () => {
    const error = await callError(runStreamedCall(call(150), limits({ firstTokenTimeoutMs: 60 })));
    expect(error.type).toBe('NoResponse');
  });

  it('a token, then silence → StreamStalled (the idle limit), not a first-token error', async () => {
    const error = await callError(
      runStreamedCall(call(0, [{ text: 'hi' }]), limits({ firstTokenTimeoutMs: 60, idleTimeoutMs: 60 })),
    );
    expect(error.type).toBe('StreamStalled');
  });
});
