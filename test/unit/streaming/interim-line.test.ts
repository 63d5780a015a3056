import { describe, expect, it } from 'vitest';
import type { AnswerEvent } from '../../../src/gateway/answer-events.js';
import type { GatewayAnswer } from '../../../src/gateway/gateway-answer.js';
import { type FinalOutcome, liveAnswerEvents } from '../../../src/gateway/live-answer.js';
import { type RelayEvent, type RelayStream, StreamRelay } from '../../../src/gateway/stream-relay.js';
import type { StreamLine } from '../../../src/streaming/stream-protocol.js';

const bodyOf = (...lines: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const line of lines) controller.enqueue(new TextEncoder().encode(line));
      controller.close();
    },
  });

const interimLine = (message: string) => `${JSON.stringify({ type: 'interim', message })}\n`;

describe('interim lines on the gateway relay', () => {
  it('takes one interim message alone in its POST (attempt 0), and drops a second one', async () => {
    const relay = new StreamRelay('http://127.0.0.1:1');
    const stream = relay.open()!;
    const events: RelayEvent[] = [];
    stream.onEvent = (event) => events.push(event);
    const id = stream.ticket.url.split('/').at(-1)!;
    const auth = `Bearer ${stream.ticket.token}`;
    expect((await relay.accept(id, auth, bodyOf(interimLine('Still working.')))).status).toBe(204);
    expect((await relay.accept(id, auth, bodyOf(interimLine('Again.')))).status).toBe(204);
    expect(events).toEqual([{ attempt: 0, line: { type: 'interim', message: 'Still working.' } }]);
    // Inside an attempt's POST an interim line ends the POST: it is never part of an answer.
    const start = '{"type":"start","attempt":1,"model":"m","role":"primary"}\n';
    await relay.accept(id, auth, bodyOf(start, interimLine('x'), '{"type":"text","text":"late"}\n'));
    expect(events.map((event) => event.line.type)).toEqual(['interim', 'start']);
  });
});

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

async function eventsFor(lines: [number, StreamLine][], content: string): Promise<AnswerEvent[]> {
  const relay: RelayStream = { ticket: { url: 'x', token: 'y' }, onEvent: null, close: () => undefined };
  let resolve: (value: FinalOutcome) => void = () => undefined;
  const outcome = new Promise<FinalOutcome>((done) => (resolve = done));
  const events: AnswerEvent[] = [];
  const consumer = (async () => {
    for await (const event of liveAnswerEvents({ relay, outcome, recovery: 'restart' })) events.push(event);
  })();
  await Promise.resolve();
  for (const [attempt, line] of lines) relay.onEvent?.({ attempt, line });
  resolve({ kind: 'answer', answer: answer(content), status: 200 });
  await consumer;
  return events;
}

const start: [number, StreamLine] = [1, { type: 'start', attempt: 1, model: 'm', role: 'primary' }];

describe('interim messages in the live answer', () => {
  it('go out before the answer and do not count as part of it', async () => {
    const events = await eventsFor(
      [[0, { type: 'interim', message: 'Wait.' }], start, [1, { type: 'text', text: 'Hello' }]],
      'Hello',
    );
    expect(events.map((event) => event.kind)).toEqual(['interim', 'delta', 'end']);
    expect(events.at(-1)).toMatchObject({ kind: 'end', streamed: true });
  });

  it('are dropped once pieces of the answer have reached the client', async () => {
    const events = await eventsFor(
      [
        start,
        [1, { type: 'text', text: 'Hel' }],
        [0, { type: 'interim', message: 'Wait.' }],
        [1, { type: 'text', text: 'lo' }],
      ],
      'Hello',
    );
    expect(events.map((event) => event.kind)).toEqual(['delta', 'delta', 'end']);
  });
});
