import { strictFormatInstruction } from '../src/output/strict-format-instruction.js';
import type { ChatMessage } from '../src/policy/types.js';
import type { ModelCallRequest, ModelCallResult } from '../src/providers/types.js';
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

/** Name of the tool an adjusted retry offers with the route's schema as its parameters (`schemaTool`). */
export const SCHEMA_TOOL_NAME = 'json_answer';

/**
 * The route's JSON Schema as one forced tool (an adjusted retry's `schemaTool`, for models with the `tools`
 * capability): both wires then return the answer as the tool call's arguments, which they validate against the
 * schema on the provider's side where they can. Nothing when not asked or the format has no schema.
 */
export function schemaToolFields(input: CallModelInput): Pick<ModelCallRequest, 'tools' | 'toolChoice'> {
  const schema = input.responseFormat?.schema;
  if (!input.schemaTool || !schema) return {};
  const description = 'Give your answer: its arguments are the answer, matching the required JSON Schema.';
  return {
    tools: [{ name: SCHEMA_TOOL_NAME, description, parameters: schema }],
    toolChoice: { name: SCHEMA_TOOL_NAME },
  };
}

/** A schema-tool answer as a text answer (the call's arguments, finish `stop`); any other result unchanged. */
export function fromSchemaTool(result: ModelCallResult, input: CallModelInput): ModelCallResult {
  const call = input.schemaTool
    ? result.toolCalls?.find((candidate) => candidate.name === SCHEMA_TOOL_NAME)
    : undefined;
  if (!call) return result;
  const { toolCalls: _calls, ...rest } = result;
  return { ...rest, text: call.arguments, finishReason: { unified: 'stop', raw: result.finishReason.raw } };
}
