import { z } from 'zod';
import { OpenAIDecodingShape } from './caller-decoding.js';

/** A content part of an OpenAI message; only text parts can be routed. */
const ContentPart = z.looseObject({ type: z.string(), text: z.string().optional() });

/** A tool call of an assistant message (type function). */
const MessageToolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const Message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(ContentPart), z.null()]).optional(),
  name: z.string().optional(),
  /** An assistant turn's tool calls. */
  tool_calls: z.array(MessageToolCall).nullable().optional(),
  /** The call a `tool` message answers. */
  tool_call_id: z.string().optional(),
});

/** A function tool (the only kind the router can pass on). */
const Tool = z.looseObject({
  type: z.literal('function', { message: 'only function tools are supported' }),
  function: z.looseObject({
    name: z.string(),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

const ToolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
]);

const ResponseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);

/**
 * The part of OpenAI's Chat Completions request the gateway reads. `temperature`, `top_p`, `stop` and `seed` pass
 * to the router, which uses them only where the route says `callerDecoding: clamp`; other unknown fields
 * (presence_penalty, logit_bias, ...) are accepted and ignored: the policy decides how models are called.
 */
export const ChatCompletionRequestSchema = z.object({
  model: z.string().min(1, 'model is required'),
  /** OpenRouter's ad-hoc fallback order. */
  models: z.array(z.string().min(1)).min(1).optional(),
  messages: z.array(Message).min(1, 'at least one message is required'),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  response_format: ResponseFormat.nullable().optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  n: z.number().int().positive().nullable().optional(),
  user: z.string().max(256).optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  tools: z.array(Tool).nullable().optional(),
  tool_choice: ToolChoice.nullable().optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  ...OpenAIDecodingShape,
  /** Deprecated function calling: refused with a pointer to `tools`. */
  functions: z.array(z.unknown()).optional(),
});

export type ChatCompletionRequest = z.output<typeof ChatCompletionRequestSchema>;

/** `field: message` of the first issue, with the path in OpenAI's `param` notation (`messages[0].role`). */
export function describeIssue(error: z.ZodError): { message: string; param: string | null } {
  const issue = error.issues[0];
  if (!issue) return { message: 'invalid request body', param: null };
  const param = issue.path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
  return { message: param ? `${param}: ${issue.message}` : issue.message, param: param || null };
}
