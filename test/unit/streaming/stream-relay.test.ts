import { describe, expect, it } from 'vitest';
import { type RelayEvent, StreamRelay } from '../../../src/gateway/stream-relay.js';
import { STREAM_LIMITS } from '../../../src/streaming/stream-protocol.js';

const bodyOf = (...lines: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const line of lines) controller.enqueue(new TextEncoder().encode(line));
      controller.close();
    },
  });

function openStream() {
  const relay = new StreamRelay('http://127.0.0.1:1');
  const stream = relay.open()!;
  const events: RelayEvent[] = [];
  stream.onEvent = (event) => events.push(event);
  const id = stream.ticket.url.split('/').at(-1)!;
  return { relay, stream, events, id, auth: `Bearer ${stream.ticket.token}` };
}

const start = '{"type":"start","attempt":1,"model":"m","role":"primary"}\n';

describe('the gateway stream relay', () => {
  it('hands over lines split anywhere across chunks, tagged with their attempt', async () => {
    const { relay, events, id, auth } = openStream();
    const response = await relay.accept(
      id,
      auth,
      bodyOf(
        start.slice(0, 10),
        start.slice(10),
        '{"type":"te',
        'xt","text":"Hel"}\n{"type":"text","text":"lo"}\n',
        '{"type":"end","ok":true}\n',
      ),
    );
    expect(response.status).toBe(204);
    expect(events.map((event) => [event.attempt, event.line.type])).toEqual([
      [1, 'start'],
      [1, 'text'],
      [1, 'text'],
      [1, 'end'],
    ]);
  });

  it('refuses an unknown stream (404) and a wrong or missing token (401) without reading a line', async () => {
    const { relay, events, id, stream } = openStream();
    expect((await relay.accept('nope-nope-nope', `Bearer ${stream.ticket.token}`, bodyOf(start))).status).toBe(404);
    expect((await relay.accept(id, `Bearer ${'0'.repeat(stream.ticket.token.length)}`, bodyOf(start))).status).toBe(
      401,
    );
    expect((await relay.accept(id, undefined, bodyOf(start))).status).toBe(401);
    expect((await relay.accept(id, `Bearer ${stream.ticket.token}x`, bodyOf(start))).status).toBe(401);
    expect(events).toEqual([]);
  });

  it('stops at the first malformed, unattributed or oversized line', async () => {
    const first = openStream();
    await first.relay.accept(first.id, first.auth, bodyOf('{"type":"text","text":"no start"}\n', start));
    expect(first.events).toEqual([]);

    const second = openStream();
    await second.relay.accept(
      second.id,
      second.auth,
      bodyOf(start, '{not json}\n', '{"type":"text","text":"after"}\n'),
    );
    expect(second.events.map((event) => event.line.type)).toEqual(['start']);

    const third = openStream();
    const huge = `{"type":"text","text":"${'x'.repeat(STREAM_LIMITS.lineChars + 10)}"}\n`;
    await third.relay.accept(third.id, third.auth, bodyOf(start, huge));
    expect(third.events.map((event) => event.line.type)).toEqual(['start']);

    const fourth = openStream();
    await fourth.relay.accept(fourth.id, fourth.auth, bodyOf(start, '{"type":"text","text":"a","extra":1}\n'));
    expect(fourth.events.map((event) => event.line.type)).toEqual(['start']);
  });

  it('accepts a bounded number of attempts and nothing after close', async () => {
    const { relay, stream, events, id, auth } = openStream();
    for (let attempt = 1; attempt <= STREAM_LIMITS.attempts + 5; attempt += 1) {
      await relay.accept(id, auth, bodyOf(`{"type":"start","attempt":${attempt},"model":"m","role":"retry"}\n`));
    }
    expect(events.length).toBe(STREAM_LIMITS.attempts);
    stream.close();
    expect(relay.size).toBe(0);
    expect((await relay.accept(id, auth, bodyOf(start))).status).toBe(404);
  });

  it('opens no stream before the gateway knows where workers reach it', () => {
    expect(new StreamRelay(null).open()).toBeNull();
  });
});
