import type { FakeDecoding } from './attempt-log.js';

/** No decoding values (a request the fake could not parse). */
export const NO_DECODING: FakeDecoding = { temperature: null, topP: null, stop: null, seed: null, maxTokens: null };

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** Stop sequences as sent: a string or an array of strings; null when absent. */
function stopOf(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : null;
}

/** The decoding values of an OpenAI Chat Completions body (`stop`, `max_completion_tokens` over `max_tokens`). */
export function openAIDecoding(body: Record<string, unknown>): FakeDecoding {
  return {
    temperature: numberOrNull(body.temperature),
    topP: numberOrNull(body.top_p),
    stop: stopOf(body.stop),
    seed: numberOrNull(body.seed),
    maxTokens: numberOrNull(body.max_completion_tokens ?? body.max_tokens),
  };
}

/** The decoding values of an Anthropic Messages body (`stop_sequences`; `seed` is recorded if a client sends one). */
export function anthropicDecoding(body: Record<string, unknown>): FakeDecoding {
  return {
    temperature: numberOrNull(body.temperature),
    topP: numberOrNull(body.top_p),
    stop: stopOf(body.stop_sequences),
    seed: numberOrNull(body.seed),
    maxTokens: numberOrNull(body.max_tokens),
  };
}
