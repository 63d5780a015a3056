import type { OpenAIErrorBody } from './openai-error.js';

/** Headers of a streamed answer (set before the outcome is known). */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/** Writes SSE lines to a ReadableStream; every write after close or cancel is dropped. */
export class SseWriter {
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private readonly encoder = new TextEncoder();
  private closed = false;
  readonly stream: ReadableStream<Uint8Array>;

  constructor(onCancel: () => void) {
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: () => {
        this.closed = true;
        onCancel();
      },
    });
  }

  /** A comment line: clients ignore it; it keeps proxies and idle timers from closing the connection. */
  comment(text: string): void {
    this.write(`: ${text.replace(/\n/g, ' ')}\n\n`);
  }

  data(value: object): void {
    this.write(`data: ${JSON.stringify(value)}\n\n`);
  }

  /** A named event (`event:` line, then the data), as the Responses API streams. */
  event(name: string, value: object): void {
    this.write(`event: ${name}\ndata: ${JSON.stringify(value)}\n\n`);
  }

  /** An in-stream error in OpenAI's shape (the SDK throws it as an APIError), then the end. */
  error(body: OpenAIErrorBody): void {
    this.data(body);
    this.close();
  }

  done(): void {
    this.write('data: [DONE]\n\n');
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller?.close();
  }

  private write(text: string): void {
    if (this.closed) return;
    this.controller?.enqueue(this.encoder.encode(text));
  }
}
