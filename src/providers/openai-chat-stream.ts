import http from 'node:http';
import https from 'node:https';
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { SseParser } from './sse-parser.js';

/** Most of an error response's body read for its JSON, bytes (provider errors are a few hundred). */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * How long a pooled connection may sit idle before it is closed, ms: as Node's fetch (undici) does, so a connection
 * a load balancer dropped silently is not reused long after. Only idle connections: a slow stream is never cut.
 */
const IDLE_CONNECTION_MS = 4_000;

/** Keep-alive connection pools, one per scheme, shared by every call of the process. */
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
};

/** Where a streaming Chat Completions request goes, and the headers every request of its adapter carries. */
export interface ChatStreamTarget {
  /** `<baseURL>/chat/completions`. */
  url: URL;
  headers: Record<string, string>;
}

/** The target of an OpenAI-compatible base URL (up to and including `/v1`). */
export function chatStreamTarget(
  baseURL: string,
  apiKey: string,
  headers: Record<string, string> = {},
): ChatStreamTarget {
  return {
    url: new URL(`${baseURL.replace(/\/+$/, '')}/chat/completions`),
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${apiKey}`,
      'user-agent': 'switchyard',
      ...headers,
    },
  };
}

/**
 * POSTs one streaming Chat Completions request over HTTP/1.1 with pooled keep-alive connections (node:http) and
 * resolves with its chunks once the response headers arrived. It reads the wire as the `openai` SDK does and fails
 * with the SDK's errors (`APIError` by status or in-stream error, `APIConnectionError`, `APIUserAbortError`, a
 * `SyntaxError` for bad JSON), so `mapOpenAIError` classifies both alike; it costs ~1 ms of CPU less per call than
 * the SDK over fetch (docs/benchmarks.md). An abort ends the chunks quietly, as the SDK's do.
 */
export function openChatStream(
  target: ChatStreamTarget,
  body: object,
  extraHeaders: Record<string, string>,
  signal: AbortSignal,
): Promise<AsyncIterable<ChatCompletionChunk>> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new APIUserAbortError());
      return;
    }
    const secure = target.url.protocol === 'https:';
    const request = (secure ? https : http).request(target.url, {
      method: 'POST',
      agent: secure ? AGENTS['https:'] : AGENTS['http:'],
      headers: { ...target.headers, ...extraHeaders, 'content-length': Buffer.byteLength(payload) },
      signal,
    });
    const failed = (error: Error) =>
      reject(signal.aborted ? new APIUserAbortError() : new APIConnectionError({ cause: error }));
    request.on('error', failed);
    request.on('response', (response) => {
      // Whoever reads the body sees its errors; this keeps one that comes before the read from crashing the worker.
      response.on('error', () => {});
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        resolve(chatChunks(response, signal));
        return;
      }
      readBounded(response).then((text) => {
        const json = parseJson(text);
        reject(APIError.generate(status, json, json === undefined ? text : undefined, headersOf(response)));
      }, failed);
    });
    request.end(payload);
  });
}

/** The chunks of a `text/event-stream` body, up to `[DONE]`; an `{"error": ...}` chunk throws it as an APIError. */
async function* chatChunks(response: http.IncomingMessage, signal: AbortSignal): AsyncGenerator<ChatCompletionChunk> {
  const parser = new SseParser();
  let done = false;
  response.setEncoding('utf8');
  try {
    for await (const text of response as AsyncIterable<string>) {
      for (const event of parser.push(text)) {
        if (done) continue;
        if (event.data.startsWith('[DONE]')) {
          done = true;
          continue;
        }
        if (event.event?.startsWith('thread.')) continue;
        const data = JSON.parse(event.data) as ChatCompletionChunk & { error?: unknown };
        if (data?.error) throw new APIError(undefined, data.error as object, undefined, headersOf(response));
        yield data;
      }
    }
    done = true;
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  } finally {
    if (!done) response.destroy();
  }
}

/** The body as text, at most MAX_ERROR_BODY_BYTES of it. */
async function readBounded(response: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    if (size >= MAX_ERROR_BODY_BYTES) continue;
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8');
}

function parseJson(text: string): object | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The response headers as a Fetch `Headers` (what the SDK's errors carry; `retry-after` is read from it). */
function headersOf(response: http.IncomingMessage): Headers {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  return headers;
}
