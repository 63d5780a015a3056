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
        message: { role: 'assistant' as const, content: answer.content, refusal: null },
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
 * `switchyard` routing facts, content chunks, a finish chunk, and (with include_usage) a usage chunk
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

function completionId(answer: GatewayAnswer): string {
  return `chatcmpl-${answer.meta.workflowId}`;
}
