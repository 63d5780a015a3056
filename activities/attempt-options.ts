import { strictFormatInstruction } from '../src/output/strict-format-instruction.js';
import type { ChatMessage } from '../src/policy/types.js';
import type { ModelCallRequest } from '../src/providers/types.js';
import type { CallModelInput } from './types.js';

/** The attempt's decoding values as the adapter names them (only those set: absent keys stay the provider's). */
export function decodingFields(
  input: CallModelInput,
): Pick<ModelCallRequest, 'temperature' | 'topP' | 'stop' | 'seed'> {
  const decoding = input.decoding ?? {};
  return {
    ...(decoding.temperature === undefined ? {} : { temperature: decoding.temperature }),
    ...(decoding.topP === undefined ? {} : { topP: decoding.topP }),
    ...(decoding.stop && decoding.stop.length > 0 ? { stop: decoding.stop } : {}),
    ...(decoding.seed === undefined ? {} : { seed: decoding.seed }),
  };
}

/**
 * The messages with the stricter format instruction (an adjusted retry, `strictFormat`) as a system message after
 * the others' system messages, before the conversation; unchanged otherwise.
 */
export function withStrictFormat(messages: ChatMessage[], input: CallModelInput): ChatMessage[] {
  if (!input.strictFormat || !input.responseFormat) return messages;
  const instruction: ChatMessage = { role: 'system', content: strictFormatInstruction(input.responseFormat) };
  const firstTurn = messages.findIndex((message) => message.role !== 'system');
  const at = firstTurn === -1 ? messages.length : firstTurn;
  return [...messages.slice(0, at), instruction, ...messages.slice(at)];
}
