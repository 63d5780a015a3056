import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { type AdapterSettings, PLACEHOLDER_API_KEY, traceHeaders } from './adapter-settings.js';
import { cachedClient } from './client-cache.js';
import { openAIFinishReason } from './finish-reasons.js';
import { inputCharsOf } from './input-chars.js';
import { mapOpenAIError } from './map-openai-error.js';
import { chatStreamTarget, openChatStream } from './openai-chat-stream.js';
import { openAIMessage, openAIToolParams } from './openai-tool-params.js';
import { runStreamedCall, type StreamState } from './run-streamed-call.js';
import { addToolCallPiece } from './tool-call-stream.js';
import type { ModelAdapter, ModelCallRequest } from './types.js';

/** The shared `openai` client for these settings: no SDK retries (the workflow owns them), no SDK logs. */
export function openAIClientFor(settings: AdapterSettings): OpenAI {
  return cachedClient({ ...settings, kind: 'openai-compatible' }, () => {
    return new OpenAI({
      apiKey: settings.apiKey ?? PLACEHOLDER_API_KEY,
      baseURL: settings.baseURL,
      maxRetries: 0,
      logLevel: 'off',
      ...(settings.headers ? { defaultHeaders: settings.headers } : {}),
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
    });
  });
}

/**
 * Adapter for any OpenAI-compatible Chat Completions endpoint (OpenAI, vLLM, Ollama, OpenRouter, Groq,
 * Gemini's compatible endpoint). Always streams, with usage in the last chunk. Requests go over Switchyard's own
 * keep-alive HTTP client (openai-chat-stream.ts); with a `fetch` in the settings, over the `openai` SDK with it.
 */
export function createOpenAICompatibleAdapter(settings: AdapterSettings): ModelAdapter {
  const open = settings.fetch ? sdkOpen(settings) : directOpen(settings);
  return {
    providerId: settings.providerId,
    modelId: settings.modelId,
    generate(request, options) {
      const body: ChatCompletionCreateParamsStreaming = {
        model: settings.modelId,
        messages: request.messages.map(openAIMessage),
        max_tokens: request.maxOutputTokens,
        stream: true,
        stream_options: { include_usage: true },
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.topP === undefined ? {} : { top_p: request.topP }),
        ...(request.stop && request.stop.length > 0 ? { stop: request.stop } : {}),
        ...(request.seed === undefined ? {} : { seed: request.seed }),
        ...(request.logprobs ? { logprobs: true } : {}),
        ...responseFormatFor(request),
        ...openAIToolParams(request),
      };
      return runStreamedCall<ChatCompletionChunk>(
        {
          open: (signal) => open(body, traceHeaders(request.trace), signal),
          apply: applyChunk,
          mapError: mapOpenAIError,
          toFinishReason: openAIFinishReason,
          modelId: settings.modelId,
          inputChars: inputCharsOf(request),
        },
        options,
      );
    },
  };
}

type OpenStream = (
  body: ChatCompletionCreateParamsStreaming,
  headers: Record<string, string>,
  signal: AbortSignal,
) => Promise<AsyncIterable<ChatCompletionChunk>>;

function directOpen(settings: AdapterSettings): OpenStream {
  const target = chatStreamTarget(settings.baseURL, settings.apiKey ?? PLACEHOLDER_API_KEY, settings.headers);
  return (body, headers, signal) => openChatStream(target, body, headers, signal);
}

function sdkOpen(settings: AdapterSettings): OpenStream {
  const client = openAIClientFor(settings);
  return (body, headers, signal) => client.chat.completions.create(body, { signal, headers });
}

function applyChunk(state: StreamState, chunk: ChatCompletionChunk): boolean {
  if (chunk.model) state.model = chunk.model;
  if (chunk.usage) {
    state.inputTokens = chunk.usage.prompt_tokens;
    state.outputTokens = chunk.usage.completion_tokens;
  }
  const choice = chunk.choices?.[0];
  if (!choice) return false;
  if (choice.finish_reason) state.finishRaw = choice.finish_reason;
  const content = choice.delta?.content ?? '';
  state.text += content;
  for (const token of choice.logprobs?.content ?? []) {
    if (!Number.isFinite(token.logprob)) continue;
    state.logprobs ??= { sum: 0, count: 0 };
    state.logprobs.sum += token.logprob;
    state.logprobs.count += 1;
  }
  const toolCalls = choice.delta?.tool_calls ?? [];
  for (const piece of toolCalls) {
    addToolCallPiece(state.toolCalls, piece.index, {
      id: piece.id,
      name: piece.function?.name,
      argumentsDelta: piece.function?.arguments,
    });
  }
  // vLLM, OpenRouter and others stream reasoning before the answer: a live model, not a silent one.
  const delta = choice.delta as { reasoning_content?: unknown; reasoning?: unknown } | undefined;
  const reasoning = typeof delta?.reasoning_content === 'string' || typeof delta?.reasoning === 'string';
  return content.length > 0 || reasoning || toolCalls.length > 0;
}

/** OpenAI `response_format`: a strict-free json_schema when the route has a schema, else json_object. */
function responseFormatFor(request: ModelCallRequest) {
  if (request.jsonSchema) {
    return {
      response_format: { type: 'json_schema' as const, json_schema: { name: 'response', schema: request.jsonSchema } },
    };
  }
  return request.json ? { response_format: { type: 'json_object' as const } } : {};
}
