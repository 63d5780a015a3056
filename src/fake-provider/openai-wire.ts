import { randomUUID } from 'node:crypto';
import { openAIToolFacts } from './tool-request.js';
import { openAIDecoding } from './wire-decoding.js';
import {
  argumentPieces,
  contentText,
  type FakeAnswer,
  type FakeFinish,
  isRecord,
  type ParsedRequest,
  type Reply,
  SSE_HEADERS,
  type StreamWriter,
  type Wire,
} from './wire-types.js';

const FINISH: Record<FakeFinish, string> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content_filter',
  'tool-calls': 'tool_calls',
};

/** OpenAI error `type` for a status, as the real API (and vLLM) spell it. */
function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function parse(body: unknown): ParsedRequest | string {
  if (!isRecord(body)) return 'Request body must be a JSON object';
  if (typeof body.model !== 'string' || body.model.length === 0) return "'model' is required";
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "'messages' must be a non-empty array";
  const texts = body.messages.map((message) => (isRecord(message) ? contentText(message.content) : ''));
  const format = isRecord(body.response_format) ? body.response_format.type : undefined;
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const tools = openAIToolFacts(body);
  return {
    model: body.model,
    maxTokens: typeof maxTokens === 'number' ? maxTokens : null,
    stream: body.stream === true,
    text: [...texts, ...tools.payloads].join('\n'),
    messagesKey: JSON.stringify(body.messages),
    wantsJson: format === 'json_object' || format === 'json_schema',
    logprobs: body.logprobs === true,
    jsonSchema: openaiSchema(body.response_format),
    includeUsage: streamOptions.include_usage === true,
    tools,
    decoding: openAIDecoding(body),
  };
}

function sendError(
  reply: Reply,
  status: number,
  message: string,
  options: { code?: string; headers?: Record<string, string> } = {},
): void {
  reply.head(status, { 'content-type': 'application/json', ...options.headers });
  const error = { message, type: errorType(status), param: null, code: options.code ?? null };
  reply.end(JSON.stringify({ error }));
}

function sendMessage(reply: Reply, model: string, answer: FakeAnswer): void {
  reply.head(200, { 'content-type': 'application/json' });
  const body = {
    id: `chatcmpl-fake-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: answer.toolCalls && answer.text === '' ? null : answer.text,
          refusal: null,
          ...(answer.toolCalls ? { tool_calls: answer.toolCalls.map(openAIToolCall) } : {}),
        },
        logprobs: null,
        finish_reason: FINISH[answer.finish],
      },
    ],
    usage: {
      prompt_tokens: answer.inputTokens,
      completion_tokens: answer.outputTokens,
      total_tokens: answer.inputTokens + answer.outputTokens,
    },
  };
  reply.end(JSON.stringify(body));
}

function openStream(
  reply: Reply,
  request: ParsedRequest,
  inputTokens: number,
  tokenLogprob: number | null = null,
): StreamWriter {
  const id = `chatcmpl-fake-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const send = (data: string): void => reply.write(`data: ${data}\n\n`);
  // One entry per word of the chunk, each with the same log-probability (the `logprob` behaviour parameter).
  const logprobsOf = (content: unknown) => {
    if (!request.logprobs || tokenLogprob === null || typeof content !== 'string' || content.length === 0) return null;
    const tokens = content.match(/\S+\s*/g) ?? [content];
    return { content: tokens.map((token) => ({ token, logprob: tokenLogprob, bytes: null, top_logprobs: [] })) };
  };
  const chunk = (delta: Record<string, unknown>, finishReason: string | null): void => {
    const body: Record<string, unknown> = {
      id,
      object: 'chat.completion.chunk',
      created,
      model: request.model,
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: logprobsOf(delta.content), finish_reason: finishReason }],
    };
    if (request.includeUsage) body.usage = null;
    send(JSON.stringify(body));
  };
  return {
    start() {
      reply.head(200, SSE_HEADERS);
      chunk({ role: 'assistant', content: '', refusal: null }, null);
    },
    delta(text) {
      chunk({ content: text }, null);
    },
    finish(lastText, finish, outputTokens, toolCalls = []) {
      if (toolCalls.length > 0) {
        if (lastText.length > 0) chunk({ content: lastText }, null);
        toolCalls.forEach((call, index) => {
          const opening = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
          chunk({ tool_calls: [opening] }, null);
          for (const piece of argumentPieces(call.arguments)) {
            chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null);
          }
        });
        chunk({}, FINISH[finish]);
      } else {
        chunk(lastText.length > 0 ? { content: lastText } : {}, FINISH[finish]);
      }
      if (!request.includeUsage) return;
      const usage = {
        prompt_tokens: inputTokens,
        completion_tokens: outputTokens,
        total_tokens: inputTokens + outputTokens,
      };
      send(JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [], usage }));
    },
    done() {
      reply.end('data: [DONE]\n\n');
    },
    malformed() {
      send('{"id":"' + id + '","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"x"');
    },
    error() {
      const error = {
        message: 'The server is overloaded. Please try again later.',
        type: 'server_error',
        param: null,
        code: null,
      };
      send(JSON.stringify({ error }));
      reply.end();
    },
  };
}

/** OpenAI Chat Completions: `POST /v1/chat/completions`, JSON or `data:`-only SSE ending in `[DONE]`. */
export const openAIWire: Wire = { name: 'openai', parse, sendError, sendMessage, openStream };

function openAIToolCall(call: { id: string; name: string; arguments: string }) {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } };
}

function openaiSchema(format: unknown): Record<string, unknown> | null {
  if (!isRecord(format) || format.type !== 'json_schema' || !isRecord(format.json_schema)) return null;
  return isRecord(format.json_schema.schema) ? format.json_schema.schema : null;
}
