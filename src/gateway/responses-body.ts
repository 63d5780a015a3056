import type { GatewayAnswer, SwitchyardMeta } from './gateway-answer.js';

/** A `message` output item with one `output_text` part. */
export interface MessageOutputItem {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: { type: 'output_text'; text: string; annotations: []; logprobs: [] }[];
}

/** A `function_call` output item: the model asks the caller to run a function. */
export interface FunctionCallOutputItem {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'in_progress' | 'completed' | 'incomplete';
}

export type OutputItem = MessageOutputItem | FunctionCallOutputItem;

/** Request fields a response object repeats, as the caller sent them (defaults filled in). */
export interface ResponseEcho {
  instructions: string | null;
  max_output_tokens: number | null;
  metadata: Record<string, unknown>;
  parallel_tool_calls: boolean;
  text: { format: unknown };
  tool_choice: unknown;
  tools: unknown[];
}

/** The echo of a request that sent none of those fields. */
export const DEFAULT_ECHO: ResponseEcho = {
  instructions: null,
  max_output_tokens: null,
  metadata: {},
  parallel_tool_calls: true,
  text: { format: { type: 'text' } },
  tool_choice: 'auto',
  tools: [],
};

/** What every response object of one request shares: its id, creation time, the requested model, the echo. */
export interface ResponseFrame {
  /** `resp_…`: from the workflow id, so the caller can audit it. */
  id: string;
  /** Unix time, seconds. */
  createdAt: number;
  /** The model the caller asked for (until the answer names the one that answered). */
  model: string;
  echo: ResponseEcho;
}

/** The frame of a routed request: ids derive from the workflow id. */
export function responseFrame(
  workflowId: string,
  model: string,
  createdAt: number,
  echo: ResponseEcho = DEFAULT_ECHO,
): ResponseFrame {
  return { id: `resp_${workflowId}`, createdAt, model, echo };
}

/** Item ids of a response: one message, function calls by position. */
export const itemIds = {
  message: (frame: ResponseFrame) => `msg_${frame.id.slice('resp_'.length)}`,
  functionCall: (frame: ResponseFrame, index: number) => `fc_${frame.id.slice('resp_'.length)}_${index}`,
};

/** The output items of a finished answer: the message (when it has text or calls nothing), then each function call. */
export function outputItems(answer: GatewayAnswer, frame: ResponseFrame): OutputItem[] {
  const message: OutputItem[] =
    answer.content !== '' || answer.toolCalls.length === 0 ? [messageItem(frame, answer.content, 'completed')] : [];
  return [
    ...message,
    ...answer.toolCalls.map((call, index) => ({
      type: 'function_call' as const,
      id: itemIds.functionCall(frame, index),
      call_id: call.id,
      name: call.name,
      arguments: call.arguments,
      status: 'completed' as const,
    })),
  ];
}

export function messageItem(
  frame: ResponseFrame,
  text: string,
  status: MessageOutputItem['status'],
): MessageOutputItem {
  return {
    type: 'message',
    id: itemIds.message(frame),
    status,
    role: 'assistant',
    content: status === 'in_progress' ? [] : [outputText(text)],
  };
}

export function outputText(text: string): MessageOutputItem['content'][number] {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/**
 * `completed`, or `incomplete` with the reason: the answer was cut at the output cap (`max_output_tokens`) or
 * refused on content grounds (`content_filter`).
 */
export function responseStatus(answer: GatewayAnswer): {
  status: 'completed' | 'incomplete';
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
} {
  if (answer.finishReason === 'length')
    return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (answer.finishReason === 'content_filter') {
    return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  }
  return { status: 'completed', incomplete_details: null };
}

/**
 * A `response` object. Without an answer it is the in-progress shell the stream opens with; with one, the
 * finished response: output items, `output_text`, usage and the routing facts in an extra `switchyard` field.
 */
export function responseObject(frame: ResponseFrame, answer: GatewayAnswer | null) {
  const finished = answer === null ? null : { ...responseStatus(answer), output: outputItems(answer, frame) };
  return {
    id: frame.id,
    object: 'response' as const,
    created_at: frame.createdAt,
    status: finished?.status ?? ('in_progress' as const),
    error: null,
    incomplete_details: finished?.incomplete_details ?? null,
    model: answer?.responseModel ?? frame.model,
    output: finished?.output ?? [],
    output_text: answer === null ? '' : answer.content,
    ...frame.echo,
    previous_response_id: null,
    store: false,
    usage: answer === null ? null : responseUsage(answer),
    ...(answer === null ? {} : { switchyard: answer.meta satisfies SwitchyardMeta }),
  };
}

function responseUsage(answer: GatewayAnswer) {
  return {
    input_tokens: answer.usage.prompt_tokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: answer.usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: answer.usage.total_tokens,
  };
}
