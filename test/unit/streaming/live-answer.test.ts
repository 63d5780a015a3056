import { describe, expect, it } from 'vitest';
import type { AnswerEvent } from '../../../src/gateway/answer-events.js';
import type { GatewayAnswer } from '../../../src/gateway/gateway-answer.js';
import { type FinalOutcome, liveAnswerEvents, type StreamRecovery } from '../../../src/gateway/live-answer.js';
import type { RelayStream } from '../../../src/gateway/stream-relay.js';
import type { StreamLine } from '../../../src/streaming/stream-protocol.js';

function answer(content: string): GatewayAnswer {
  return {
    content,
    finishReason: 'stop',
    toolCalls: [],
    responseModel: 'm',
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    meta: {
      workflowId: 'w',
      outcome: 'answered',
      route: 'r',
      model: 'm',
      attempts: 1,
      costUsd: 0,
      overheadMs: 0,
      policyVersion: 'v',
    },
  };
}

/** Feeds relay lines (attempt, line) then the outcome, and collects the events. */
async function run(
  lines: [number, StreamLine][],
  outcome: FinalOutcome,
  recovery: StreamRecovery = 'restart',
): Promise<AnswerEvent[]> {
  const relay: RelayStream = { ticket: { url: 'x', token: 'y' }, onEvent: null, close: () => undefined };
  let resolve: (value: FinalOutcome) => void = () => undefined;
  const pending = new Promise<FinalOutcome>((done) => (resolve = done));
  const events: AnswerEvent[] = [];
  const consumer = (async () => {
    for await (const event of liveAnswerEvents({ relay, outcome: pending, recovery })) events.push(event);
  })();
  await Promise.resolve();
  for (const [attempt, line] of lines) relay.onEvent?.({ attempt, line });
  resolve(outcome);
  await consumer;
  return events;
}

const start = (attempt: number, model = 'm'): [number, StreamLine] => [
  attempt,
  { type: 'start', attempt, model, role: 'primary' },
];
const text = (attempt: number, value: string): [number, StreamLine] => [attempt, { type: 'text', text: value }];
const fail = (attempt: number, errorType: string): [number, StreamLine] => [
  attempt,
  { type: 'end', ok: false, errorType },
];
const ok = (attempt: number): [number, StreamLine] => [attempt, { type: 'end', ok: true }];
const kinds = (events: AnswerEvent[]) => events.map((event) => event.kind);

describe('live answer events', () => {
  it('passes pieces through and ends with the streamed answer', async () => {
    const events = await run([start(1), text(1, 'Hel'), text(1, 'lo'), ok(1)], {
      kind: 'answer',
      answer: answer('Hello'),
      status: 200,
    });
    expect(kinds(events)).toEqual(['delta', 'delta', 'end']);
    expect(events.at(-1)).toMatchObject({ kind: 'end', streamed: true });
  });

  it('keeps a failure before any piece invisible', async () => {
    const events = await run([start(1, 'a'), fail(1, 'FirstTokenTimeout'), start(2, 'b'), text(2, 'Hi'), ok(2)], {
      kind: 'answer',
      answer: answer('Hi'),
      status: 200,
    });
    expect(kinds(events)).toEqual(['delta', 'end']);
  });

  it('restarts after a failure once pieces were sent', async () => {
    const events = await run(
      [start(1, 'a'), text(1, 'par'), fail(1, 'StreamStalled'), start(2, 'b'), text(2, 'Whole'), ok(2)],
      {
        kind: 'answer',
        answer: answer('Whole'),
        status: 200,
      },
    );
    expect(kinds(events)).toEqual(['delta', 'restart', 'delta', 'end']);
    expect(events[1]).toEqual({ kind: 'restart', reason: 'StreamStalled', failedModel: 'a', discardedChars: 3 });
  });

  it('ends with an error instead, in error mode, and sends nothing after it', async () => {
    const events = await run(
      [start(1, 'a'), text(1, 'par'), fail(1, 'StreamTruncated'), start(2, 'b'), text(2, 'Whole')],
      { kind: 'answer', answer: answer('Whole'), status: 200 },
      'error',
    );
    expect(kinds(events)).toEqual(['delta', 'error']);
    expect(events[1]).toMatchObject({ kind: 'error', error: { code: 'stream_interrupted' } });
  });

  it('treats an attempt whose POST died without its end line as failed when the next one starts', async () => {
    const events = await run([start(1, 'a'), text(1, 'par'), start(2, 'b'), text(2, 'New')], {
      kind: 'answer',
      answer: answer('New'),
      status: 200,
    });
    expect(kinds(events)).toEqual(['delta', 'restart', 'delta', 'end']);
  });

  it('sends what the relay had not delivered yet when the result comes first', async () => {
    const events = await run([start(1), text(1, 'Hel')], { kind: 'answer', answer: answer('Hello'), status: 200 });
    expect(events).toMatchObject([
      { kind: 'delta', text: 'Hel' },
      { kind: 'delta', text: 'lo' },
      { kind: 'end', streamed: true },
    ]);
  });

  it('restarts when the validated answer is not what was streamed (degraded after pieces)', async () => {
    const events = await run([start(1), text(1, 'abc')], {
      kind: 'answer',
      answer: answer('Safe message'),
      status: 203,
    });
    expect(kinds(events)).toEqual(['delta', 'restart', 'end']);
    expect(events.at(-1)).toMatchObject({ kind: 'end', streamed: false, status: 203 });
  });

  it('ignores pieces of attempts that are not the live one, and ends on a router error', async () => {
    const events = await run([start(2), text(1, 'stale'), text(2, 'x')], {
      kind: 'error',
      error: Object.assign(new Error('down'), { code: 'router_unavailable' }) as never,
    });
    expect(kinds(events)).toEqual(['delta', 'error']);
  });

  it('ends silently when the client is gone', async () => {
    expect(await run([start(1), text(1, 'x')], { kind: 'client-gone' })).toMatchObject([{ kind: 'delta' }]);
  });
});
