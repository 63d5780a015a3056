import type { ServerResponse } from 'node:http';
import type { FakeDecoding, FakeWire } from './attempt-log.js';
import type { ToolRequestFacts } from './tool-request.js';

/** How a fake answer ends. */
export type FakeFinish = 'stop' | 'length' | 'content-filter' | 'tool-calls';

/** A tool call the fake model makes (arguments: JSON text). */
export interface FakeToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** The request fields the fake needs, read from either wire format's body. */
export interface ParsedRequest {
  model: string;
  stream: boolean;
  /** Every message content (system included), joined by newlines. */
  text: string;
  /** Stable text of the messages, hashed into the request key when no workflow id is sent. */
  messagesKey: string;
  /** Whether the request asks for JSON output. */
  wantsJson: boolean;
  /** Whether the request asks for token log-probabilities (OpenAI `logprobs: true`). @default false */
  logprobs?: boolean;
  /** JSON Schema the answer should match, when the request carries one. */
  jsonSchema: Record<string, unknown> | null;
  /** Output cap in tokens (`max_tokens` / `max_completion_tokens`), or null. */
  maxTokens: number | null;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage: boolean;
  /** Offered tools, tool choice and tool turns. */
  tools: ToolRequestFacts;
  /** Decoding values as sent (recorded in the attempt log). */
  decoding: FakeDecoding;
}

/** One response being written; `head` records the status on the attempt. */
export interface Reply {
  readonly response: ServerResponse;
  head(status: number, headers?: Record<string, string>): void;
  /** Writes unless the client is gone. */
  write(chunk: string): void;
  end(chunk?: string): void;
  /** Resolves once everything written so far was handed to the operating system. */
  flushed(): Promise<void>;
}

export interface FakeAnswer {
  text: string;
  finish: FakeFinish;
  inputTokens: number;
  outputTokens: number;
  /** Tool calls (finish `tool-calls`). @default none */
  toolCalls?: FakeToolCall[];
}

/** Writes one streamed answer in a wire's SSE framing. */
export interface StreamWriter {
  /** Headers plus the opening events (OpenAI role chunk; Anthropic message_start, content_block_start). */
  start(): void;
  delta(text: string): void;
  /**
   * The last content chunk, the tool calls (id and name first, arguments in pieces), and the finish reason
   * (OpenAI, plus the usage chunk) / block stops + message_delta.
   */
  finish(lastText: string, finish: FakeFinish, outputTokens: number, toolCalls?: FakeToolCall[]): void;
  /** `data: [DONE]` / `message_stop`, then the end of the response. */
  done(): void;
  /** An event whose data is not valid JSON. */
  malformed(): void;
  /** An in-stream error event (overloaded). */
  error(): void;
}

/** One wire format: parsing requests and writing answers and errors in its real shapes. */
export interface Wire {
  readonly name: FakeWire;
  /** The parsed request, or an error message for a 400. */
  parse(body: unknown): ParsedRequest | string;
  sendError(
    reply: Reply,
    status: number,
    message: string,
    options?: { code?: string; headers?: Record<string, string> },
  ): void;
  sendMessage(reply: Reply, model: string, answer: FakeAnswer): void;
  /** `tokenLogprob`: the log-probability each answer token reports when the request asks for logprobs. */
  openStream(reply: Reply, request: ParsedRequest, inputTokens: number, tokenLogprob?: number | null): StreamWriter;
}

export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text of a message content: a string, or an array of `{ type: 'text', text }` parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text.length > 0)
    .join('\n');
}

/** A tool call's arguments in small pieces, as models stream them. */
export function argumentPieces(text: string): string[] {
  return text.match(/[\s\S]{1,8}/g) ?? [''];
}
