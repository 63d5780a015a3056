import type { ToolCall } from '../policy/types.js';
import type { GatewayAnswer } from './gateway-answer.js';

/** Characters per streamed content chunk (split at whitespace). @default 24 */
export const CHUNK_CHARS = 24;

/** The non-stream `chat.completion` body, with the routing facts in an extra `switchyard` field. */
export function completionBody(answer: GatewayAnswer, created: number) {
  return {
    id: completionId(answer),
    object: 'chat.completion' as const,
    created,
    model: answer.responseModel,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant' as const,
          // OpenAI sends null content when the answer is only tool calls.
          content: answer.toolCalls.length > 0 && answer.content === '' ? null : answer.content,
          refusal: null,
          ...(answer.toolCalls.length > 0 ? { tool_calls: answer.toolCalls.map(openAIToolCall) } : {}),
        },
        logprobs: null,
        finish_reason: answer.finishReason,
      },
    ],
    usage: answer.usage,
    system_fingerprint: null,
    switchyard: answer.meta,
  };
}

/**
 * The `chat.completion.chunk` objects of a streamed answer, in order: a role chunk carrying the
 * `switchyard` routing facts, content chunks, tool-call chunks (per call: id, type and name with empty
 * arguments, then argument pieces, by `index`), a finish chunk with the answer's finish reason, and (with include_usage) a usage chunk
 * with empty `choices`. With include_usage every other chunk has `usage: null`, as OpenAI sends it.
 */
export function completionChunks(answer: GatewayAnswer, created: number, includeUsage: boolean): object[] {
  const base = { id: completionId(answer), object: 'chat.completion.chunk', created, model: answer.responseModel };
  const usageNull = includeUsage ? { usage: null } : {};
  const choice = (delta: object, finishReason: string | null) => ({
    ...base,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...usageNull,
  });
  const chunks: object[] = [
    { ...choice({ role: 'assistant', content: '', refusal: null }, null), switchyard: answer.meta },
  ];
  for (const piece of splitText(answer.content, CHUNK_CHARS)) chunks.push(choice({ content: piece }, null));
  answer.toolCalls.forEach((call, index) => {
    const opening = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    chunks.push(choice({ tool_calls: [opening] }, null));
    for (const piece of splitArguments(call.arguments)) {
      chunks.push(choice({ tool_calls: [{ index, function: { arguments: piece } }] }, null));
    }
  });
  chunks.push({ ...choice({}, answer.finishReason), switchyard: answer.meta });
  if (includeUsage) chunks.push({ ...base, system_fingerprint: null, choices: [], usage: answer.usage });
  return chunks;
}

/** Splits text into pieces of at least `size` characters at whitespace; joining them gives the text back. */
export function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const token of text.match(/\s*\S+\s*|\s+/g) ?? []) {
    current += token;
    if (current.length >= size) {
      pieces.push(current);
      current = '';
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/** A tool call on OpenAI's wire (type function). */
export function openAIToolCall(call: ToolCall) {
  return { id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } };
}

/** Tool-call arguments in pieces of CHUNK_CHARS characters (JSON has no whitespace to split at). */
export function splitArguments(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += CHUNK_CHARS) pieces.push(text.slice(start, start + CHUNK_CHARS));
  return pieces;
}

function completionId(answer: GatewayAnswer): string {
  return `chatcmpl-${answer.meta.workflowId}`;
}
