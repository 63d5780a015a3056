import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { type AdapterSettings, PLACEHOLDER_API_KEY, traceHeaders } from './adapter-settings.js';
import { anthropicToolParams, anthropicTurns } from './anthropic-tool-params.js';
import { cachedClient } from './client-cache.js';
import { anthropicFinishReason } from './finish-reasons.js';
import { inputCharsOf } from './input-chars.js';
import { mapAnthropicError } from './map-anthropic-error.js';
import { ModelCallError } from './model-call-error.js';
import { runStreamedCall, type StreamState } from './run-streamed-call.js';
import { addToolCallPiece } from './tool-call-stream.js';
import type { ModelAdapter } from './types.js';

/** Appended to the system prompt when JSON is requested (the Messages API has no JSON mode). */
/** Precedes the JSON Schema the answer must match, on its own line of the system prompt. */
export const ANTHROPIC_SCHEMA_PREFIX = 'The JSON object must match this JSON Schema: ';

export const ANTHROPIC_JSON_INSTRUCTION =
  'Answer with a single valid JSON object only: no prose, no code fences, nothing before or after it.';

/** The shared Anthropic client for these settings: no SDK retries (the workflow owns them), no SDK logs. */
export function anthropicClientFor(settings: AdapterSettings): Anthropic {
  const baseURL = settings.baseURL.replace(/\/+$/, '').replace(/\/v1$/, '');
  return cachedClient({ ...settings, kind: 'anthropic', baseURL }, () => {
    return new Anthropic({
      apiKey: settings.apiKey ?? PLACEHOLDER_API_KEY,
      baseURL,
      maxRetries: 0,
      logLevel: 'off',
      ...(settings.headers ? { defaultHeaders: settings.headers } : {}),
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
    });
  });
}

/** Adapter for the Anthropic Messages API; system messages go to `system`, the answer is always streamed. */
export function createAnthropicAdapter(settings: AdapterSettings): ModelAdapter {
  const client = anthropicClientFor(settings);
  return {
    providerId: settings.providerId,
    modelId: settings.modelId,
    async generate(request, options) {
      const system = request.messages.filter((message) => message.role === 'system').map((message) => message.content);
      if (request.json || request.jsonSchema) system.push(ANTHROPIC_JSON_INSTRUCTION);
      if (request.jsonSchema) system.push(`${ANTHROPIC_SCHEMA_PREFIX}${JSON.stringify(request.jsonSchema)}`);
      const turns = anthropicTurns(request.messages);
      if (turns.length === 0) throw new ModelCallError('BadRequest', 'no user or assistant message to send');
      const body: MessageCreateParamsStreaming = {
        model: settings.modelId,
        max_tokens: request.maxOutputTokens,
        messages: turns,
        stream: true,
        ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
        // The Messages API takes temperature 0..1 (OpenAI's 0..2 above 1 is sent as 1) and has no seed.
        ...(request.temperature === undefined ? {} : { temperature: Math.min(1, request.temperature) }),
        ...(request.topP === undefined ? {} : { top_p: request.topP }),
        ...(request.stop && request.stop.length > 0 ? { stop_sequences: request.stop } : {}),
        ...anthropicToolParams(request),
      };
      return runStreamedCall<RawMessageStreamEvent>(
        {
          open: (signal) => client.messages.create(body, { signal, headers: traceHeaders(request.trace) }),
          apply: applyEvent,
          mapError: mapAnthropicError,
          toFinishReason: anthropicFinishReason,
          modelId: settings.modelId,
          inputChars: inputCharsOf(request),
        },
        options,
      );
    },
  };
}

/** A tool_use block's opening input as JSON text; the usual empty `{}` is left to the input_json_delta pieces. */
function inputText(input: unknown): string | undefined {
  return input && typeof input === 'object' && Object.keys(input).length > 0 ? JSON.stringify(input) : undefined;
}

function applyEvent(state: StreamState, event: RawMessageStreamEvent): boolean {
  switch (event.type) {
    case 'message_start': {
      const usage = event.message.usage;
      state.model = event.message.model;
      state.inputTokens =
        usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
      state.outputTokens = usage.output_tokens;
      return false;
    }
    case 'content_block_start':
      if (event.content_block.type !== 'tool_use') return false;
      addToolCallPiece(state.toolCalls, event.index, {
        id: event.content_block.id,
        name: event.content_block.name,
        argumentsDelta: inputText(event.content_block.input),
      });
      return true;
    case 'content_block_delta':
      if (event.delta.type === 'text_delta') {
        state.text += event.delta.text;
        return event.delta.text.length > 0;
      }
      if (event.delta.type === 'input_json_delta') {
        addToolCallPiece(state.toolCalls, event.index, { argumentsDelta: event.delta.partial_json });
        return true;
      }
      return event.delta.type === 'thinking_delta';
    case 'message_delta':
      if (event.delta.stop_reason) state.finishRaw = event.delta.stop_reason;
      state.outputTokens = event.usage.output_tokens;
      if (event.usage.input_tokens !== null && event.usage.input_tokens !== undefined) {
        const cached = (event.usage.cache_creation_input_tokens ?? 0) + (event.usage.cache_read_input_tokens ?? 0);
        state.inputTokens = event.usage.input_tokens + cached;
      }
      return false;
    default:
      return false;
  }
}
