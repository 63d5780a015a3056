import { randomUUID } from 'node:crypto';
import { ANTHROPIC_SCHEMA_PREFIX } from '../providers/anthropic-adapter.js';
import { anthropicToolFacts } from './tool-request.js';
import { anthropicDecoding } from './wire-decoding.js';
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

const STOP_REASON: Record<FakeFinish, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'content-filter': 'refusal',
  'tool-calls': 'tool_use',
};

/** Anthropic error `type` for a status, as the Messages API spells it. */
function errorType(status: number): string {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

function parse(body: unknown): ParsedRequest | string {
  if (!isRecord(body)) return 'Request body must be a JSON object';
  if (typeof body.model !== 'string' || body.model.length === 0) return 'model: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: Field required';
  if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  const system = contentText(body.system);
  const texts = body.messages.map((message) => (isRecord(message) ? contentText(message.content) : ''));
  const tools = anthropicToolFacts(body);
  return {
    model: body.model,
    maxTokens: body.max_tokens,
    stream: body.stream === true,
    text: [system, ...texts, ...tools.payloads].filter((text) => text.length > 0).join('\n'),
    messagesKey: JSON.stringify([body.system ?? null, body.messages]),
    wantsJson: /\bjson\b/i.test(system),
    jsonSchema: schemaInSystemPrompt(system),
    includeUsage: true,
    tools,
    decoding: anthropicDecoding(body),
  };
}

function sendError(
  reply: Reply,
  status: number,
  message: string,
  options: { code?: string; headers?: Record<string, string> } = {},
): void {
  reply.head(status, { 'content-type': 'application/json', ...options.headers });
  const body = { type: 'error', error: { type: errorType(status), message }, request_id: `req_fake_${randomUUID()}` };
  reply.end(JSON.stringify(body));
}

function sendMessage(reply: Reply, model: string, answer: FakeAnswer): void {
  reply.head(200, { 'content-type': 'application/json' });
  const body = {
    id: `msg_fake_${randomUUID()}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [
      ...(answer.text.length > 0 ? [{ type: 'text', text: answer.text }] : []),
      ...(answer.toolCalls ?? []).map((call) => ({
        type: 'tool_use',
        id: call.id.replace(/^call_/, 'toolu_'),
        name: call.name,
        input: JSON.parse(call.arguments) as unknown,
      })),
    ],
    stop_reason: STOP_REASON[answer.finish],
    stop_sequence: null,
    usage: { input_tokens: answer.inputTokens, output_tokens: answer.outputTokens },
  };
  reply.end(JSON.stringify(body));
}

function openStream(reply: Reply, request: ParsedRequest, inputTokens: number): StreamWriter {
  const send = (event: string, data: unknown): void => {
    reply.write(`event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  };
  const delta = (text: string): void => {
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
  };
  return {
    start() {
      reply.head(200, SSE_HEADERS);
      const message = {
        id: `msg_fake_${randomUUID()}`,
        type: 'message',
        role: 'assistant',
        model: request.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 1 },
      };
      send('message_start', { type: 'message_start', message });
      send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
      send('ping', { type: 'ping' });
    },
    delta,
    finish(lastText, finish, outputTokens, toolCalls = []) {
      if (lastText.length > 0) delta(lastText);
      send('content_block_stop', { type: 'content_block_stop', index: 0 });
      toolCalls.forEach((call, position) => {
        const index = position + 1;
        const block = { type: 'tool_use', id: call.id.replace(/^call_/, 'toolu_'), name: call.name, input: {} };
        send('content_block_start', { type: 'content_block_start', index, content_block: block });
        for (const partial_json of argumentPieces(call.arguments)) {
          send('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json },
          });
        }
        send('content_block_stop', { type: 'content_block_stop', index });
      });
      send('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: STOP_REASON[finish], stop_sequence: null },
        usage: { output_tokens: outputTokens },
      });
    },
    done() {
      send('message_stop', { type: 'message_stop' });
      reply.end();
    },
    malformed() {
      send('content_block_delta', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"');
    },
    error() {
      send('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
      reply.end();
    },
  };
}

/** Anthropic Messages: `POST /v1/messages`, JSON or named-event SSE ending in `message_stop`. */
export const anthropicWire: Wire = { name: 'anthropic', parse, sendError, sendMessage, openStream };

/** The schema Switchyard's Anthropic adapter writes into the system prompt, if any. */
function schemaInSystemPrompt(system: string): Record<string, unknown> | null {
  const line = system.split('\n').find((text) => text.startsWith(ANTHROPIC_SCHEMA_PREFIX));
  if (!line) return null;
  try {
    const schema: unknown = JSON.parse(line.slice(ANTHROPIC_SCHEMA_PREFIX.length));
    return isRecord(schema) ? schema : null;
  } catch {
    return null;
  }
}
