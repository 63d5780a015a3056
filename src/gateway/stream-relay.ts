import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { StreamTicket } from '../policy/stream-ticket.js';
import { STREAM_LIMITS, STREAM_PATH, type StreamLine, StreamLineSchema } from '../streaming/stream-protocol.js';

/** One request's live lines as the gateway receives them, tagged with the attempt they belong to. */
export type RelayEvent = { attempt: number; line: StreamLine };

/** The gateway side of one request's live stream: its ticket for the workflow and the lines workers send. */
export interface RelayStream {
  readonly ticket: StreamTicket;
  /** Called with each accepted line, in order per attempt. */
  onEvent: ((event: RelayEvent) => void) | null;
  /** Stops accepting lines and forgets the stream. */
  close(): void;
}

/**
 * The gateway's registry of live streams (docs/streaming.md). A streaming client's request gets a stream id
 * and a random token; workers POST newline-delimited JSON lines to `<baseUrl>/internal/streams/<id>` with
 * the token. Lines are checked (schema, sizes, attempt count) and handed to the request's listener; anything
 * forged, late or oversized is dropped, never echoed. The workflow result stays what the client ends with.
 */
export class StreamRelay {
  private readonly streams = new Map<
    string,
    { token: Buffer; stream: RelayStream; bytes: number; attempts: number; interim: boolean }
  >();
  /** Base URL workers reach this gateway at (`http://host:port`); null until the server listens. */
  baseUrl: string | null;

  constructor(baseUrl: string | null = null) {
    this.baseUrl = baseUrl;
  }

  /** A new stream, or null when workers could not reach this gateway (no base URL yet). */
  open(): RelayStream | null {
    if (this.baseUrl === null) return null;
    const id = randomBytes(12).toString('base64url');
    const token = randomBytes(24).toString('hex');
    const streams = this.streams;
    const stream: RelayStream = {
      ticket: { url: `${this.baseUrl}${STREAM_PATH}/${id}`, token },
      onEvent: null,
      close: () => {
        streams.delete(id);
      },
    };
    streams.set(id, { token: Buffer.from(token), stream, bytes: 0, attempts: 0, interim: false });
    return stream;
  }

  /** Open streams (for tests and metrics). */
  get size(): number {
    return this.streams.size;
  }

  /**
   * Handles one worker POST: 404 for an unknown (or finished) stream, 401 for a wrong token, else reads the
   * body line by line as it arrives and answers 204 at its end.
   */
  async accept(
    id: string,
    authorization: string | undefined,
    body: ReadableStream<Uint8Array> | null,
  ): Promise<Response> {
    const entry = this.streams.get(id);
    if (!entry) return new Response(null, { status: 404 });
    const presented = Buffer.from(/^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '');
    if (presented.length !== entry.token.length || !timingSafeEqual(presented, entry.token)) {
      return new Response(null, { status: 401 });
    }
    if (!body) return new Response(null, { status: 400 });
    let attempt: number | null = null;
    for await (const raw of lines(body, STREAM_LIMITS.lineChars * 2)) {
      if (this.streams.get(id) !== entry) break;
      entry.bytes += raw.length;
      if (entry.bytes > STREAM_LIMITS.streamBytes) break;
      const line = parseLine(raw);
      if (line === null) break;
      // An interim message comes alone in its POST, at most one per stream; it belongs to no attempt (attempt 0).
      if (line.type === 'interim') {
        if (attempt === null && !entry.interim) {
          entry.interim = true;
          entry.stream.onEvent?.({ attempt: 0, line });
        }
        break;
      }
      if (line.type === 'start') {
        if (attempt !== null || entry.attempts >= STREAM_LIMITS.attempts) break;
        entry.attempts += 1;
        attempt = line.attempt;
      }
      // Every POST starts with its attempt; lines before that are not attributable and end the POST.
      if (attempt === null) break;
      entry.stream.onEvent?.({ attempt, line });
      if (line.type === 'end') break;
    }
    return new Response(null, { status: 204 });
  }
}

function parseLine(raw: string): StreamLine | null {
  try {
    const parsed = StreamLineSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Newline-delimited lines of a byte stream as they arrive; a line longer than `maxChars` ends it. */
async function* lines(body: ReadableStream<Uint8Array>, maxChars: number): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim() !== '') yield line;
        newline = buffer.indexOf('\n');
      }
      if (buffer.length > maxChars) return;
    }
    if (buffer.trim() !== '') yield buffer;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
