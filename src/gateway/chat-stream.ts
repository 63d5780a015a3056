import type { AnswerEvent } from './answer-events.js';
import { completionChunks } from './completion-body.js';
import { firstEvent } from './first-event.js';
import { switchyardHeaders } from './gateway-answer.js';
import { SSE_HEADERS, SseWriter } from './sse-stream.js';

/** How a streamed Chat Completion is written. */
export interface ChatStreamOptions {
  workflowId: string;
  policyVersion: string;
  /** `stream_options.include_usage`: a last chunk with usage and no choices. */
  includeUsage: boolean;
  /** SSE comment interval while nothing else is sent, ms. */
  keepAliveMs: number;
  /**
   * How long the response's status may wait for the first piece of the answer, ms: an outcome known before
   * then gets its own status (202, 203, or an HTTP error); after it, 200 and keep-alive comments. @default 10000
   */
  headersWithinMs?: number;
  /** `model` of chunks sent before the answering model is known (the request's own `model`). */
  requestedModel: string;
  /** Called when the client stops reading. */
  onClientGone: () => void;
}

/**
 * Renders AnswerEvents as OpenAI `chat.completion.chunk` SSE. Pieces go out as they arrive; the finish chunk
 * carries the routing facts (`switchyard`) and the real `finish_reason`; an interim message is a content chunk
 * (the message and a blank line) marked `switchyard.event: "interim"`; a `restart` is a chunk with empty
 * `choices` and `switchyard.event: "restart"` (clients that read only choices skip it); an error is OpenAI's
 * in-stream error object and no `[DONE]`. A stream never ends with `[DONE]` after a failed answer.
 */
export async function chatStreamResponse(
  events: AsyncIterable<AnswerEvent>,
  options: ChatStreamOptions,
): Promise<Response> {
  const iterator = events[Symbol.asyncIterator]();
  const created = Math.floor(Date.now() / 1000);
  const id = `chatcmpl-${options.workflowId}`;
  const first = await firstEvent(iterator, options.headersWithinMs ?? 10_000);
  const now = first.kind === 'now' ? first.event : null;
  const baseHeaders = {
    ...SSE_HEADERS,
    'x-switchyard-workflow-id': options.workflowId,
    'x-switchyard-policy-version': options.policyVersion,
  };
  if (now?.kind === 'error') {
    void iterator.return?.(undefined);
    const error = now.error.forWorkflow(options.workflowId);
    return Response.json(error.toBody(), {
      status: error.status,
      headers: { 'x-switchyard-workflow-id': options.workflowId },
    });
  }
  if (now?.kind === 'end') {
    void iterator.return?.(undefined);
    const writer = new SseWriter(() => undefined);
    for (const chunk of completionChunks(now.answer, created, options.includeUsage)) writer.data(chunk);
    writer.done();
    return new Response(writer.stream, {
      status: now.status ?? 200,
      headers: { ...SSE_HEADERS, ...switchyardHeaders(now.answer.meta) },
    });
  }
  let keepAlive: NodeJS.Timeout | undefined;
  const writer = new SseWriter(() => {
    clearInterval(keepAlive);
    options.onClientGone();
    void iterator.return?.(undefined);
  });
  keepAlive = setInterval(() => writer.comment('keep-alive'), options.keepAliveMs);
  const chunks = new ChunkWriter(writer, {
    id,
    created,
    model: options.requestedModel,
    includeUsage: options.includeUsage,
  });
  writer.comment(`switchyard ${options.workflowId}`);
  void (async () => {
    try {
      let next = first.kind === 'later' ? await first.next : { done: first.event === null, value: first.event };
      while (!next.done && next.value && !chunks.write(next.value)) next = await iterator.next();
      if (next.done) writer.error(routerGone(options.workflowId));
    } catch (error) {
      writer.error({
        error: { message: `internal error: ${String(error)}`, type: 'server_error', param: null, code: null },
      });
    } finally {
      clearInterval(keepAlive);
      writer.close();
    }
  })();
  return new Response(writer.stream, { headers: baseHeaders });
}

/** The content chunk of an interim message: the message and a blank line, so the answer starts on its own paragraph. */
export function interimContent(message: string): string {
  return `${message}\n\n`;
}

/** The error for a stream whose events ended without an outcome (should not happen; never a silent end). */
function routerGone(workflowId: string) {
  return {
    error: {
      message: `the answer stream ended without an outcome; see workflow ${workflowId}`,
      type: 'server_error',
      param: null,
      code: 'stream_interrupted',
    },
  };
}

/** Writes events as chunks of one chat completion; `write` returns true when the stream is over. */
class ChunkWriter {
  private roleSent = false;

  constructor(
    private readonly writer: SseWriter,
    private readonly chunk: { id: string; created: number; model: string; includeUsage: boolean },
  ) {}

  write(event: AnswerEvent): boolean {
    switch (event.kind) {
      case 'delta':
        this.role();
        this.choice(this.chunk.model, { content: event.text }, null);
        return false;
      case 'interim': {
        // Shown by any client as text before the answer; `switchyard.event` tells aware clients it is not the answer.
        this.role();
        this.writer.data({
          ...this.choiceChunk(this.chunk.model, { content: interimContent(event.message) }, null),
          switchyard: { event: 'interim', message: event.message },
        });
        return false;
      }
      case 'tool-call-delta': {
        this.role();
        const { index, id, name, argumentsDelta } = event;
        const call = {
          index,
          ...(id === undefined ? {} : { id, type: 'function' }),
          function: { ...(name === undefined ? {} : { name }), arguments: argumentsDelta ?? '' },
        };
        this.choice(this.chunk.model, { tool_calls: [call] }, null);
        return false;
      }
      case 'restart': {
        const { reason, failedModel, discardedChars } = event;
        this.writer.data({
          ...this.base(this.chunk.model),
          choices: [],
          ...(this.chunk.includeUsage ? { usage: null } : {}),
          switchyard: { event: 'restart', reason, failedModel, discardedChars },
        });
        return false;
      }
      case 'end': {
        const { answer } = event;
        if (event.streamed) {
          this.role();
          this.writer.data({
            ...this.choiceChunk(answer.responseModel, {}, answer.finishReason),
            switchyard: answer.meta,
          });
          if (this.chunk.includeUsage) {
            this.writer.data({ ...this.base(answer.responseModel), choices: [], usage: answer.usage });
          }
        } else {
          const all = completionChunks(answer, this.chunk.created, this.chunk.includeUsage);
          // After a restart the client already has its role chunk; the answer's own chunks follow.
          for (const chunk of this.roleSent ? all.slice(1) : all) this.writer.data({ ...chunk, id: this.chunk.id });
        }
        this.writer.done();
        return true;
      }
      case 'error':
        this.writer.error(event.error.toBody());
        return true;
    }
  }

  private role(): void {
    if (this.roleSent) return;
    this.roleSent = true;
    this.choice(this.chunk.model, { role: 'assistant', content: '', refusal: null }, null);
  }

  private choice(model: string, delta: object, finishReason: string | null): void {
    this.writer.data(this.choiceChunk(model, delta, finishReason));
  }

  private choiceChunk(model: string, delta: object, finishReason: string | null) {
    return {
      ...this.base(model),
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(this.chunk.includeUsage ? { usage: null } : {}),
    };
  }

  private base(model: string) {
    const { id, created } = this.chunk;
    return { id, object: 'chat.completion.chunk', created, model, system_fingerprint: null };
  }
}
