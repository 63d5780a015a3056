import { z } from 'zod';
import { OpenAIDecodingShape } from './caller-decoding.js';

/** A content part of a Responses message item; only text parts can be routed. */
const ContentPart = z.looseObject({ type: z.string(), text: z.string().optional() });

/** A message item (`type` may be omitted, as in the easy input form). */
export const MessageItem = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(ContentPart)]),
});

/** A tool call the model made earlier (sent back by stateless clients). */
export const FunctionCallItem = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
});

/** The caller's result of a function call. */
export const FunctionCallOutputItem = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string(),
  output: z.union([z.string(), z.array(ContentPart)]),
});

/** An input item before its type's own schema is applied (responses-to-route-request.ts does, per item). */
const InputItem = z.looseObject({ type: z.string().optional() });

/** A tool in the Responses flat shape; other tool types (web_search, file_search, …) are refused by name. */
const Tool = z.looseObject({
  type: z.string(),
  name: z.string().optional(),
  description: z.string().nullable().optional(),
  parameters: z.record(z.string(), z.unknown()).nullable().optional(),
  strict: z.boolean().nullable().optional(),
});

const ToolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({ type: z.literal('function'), name: z.string() }),
]);

const TextFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string().optional(),
    schema: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
]);

/**
 * The part of OpenAI's Responses request (`POST /v1/responses`) the gateway reads. `temperature` and `top_p` pass
 * to the router (used only where the route says `callerDecoding: clamp`); other unknown fields (store, include,
 * reasoning, …) are accepted and ignored: the policy decides how models are called. The gateway is stateless:
 * `previous_response_id` and item references are refused.
 */
export const ResponsesRequestSchema = z.looseObject({
  model: z.string().min(1, 'model is required'),
  input: z.union([z.string(), z.array(InputItem).min(1, 'at least one input item is required')]),
  instructions: z.string().nullable().optional(),
  tools: z.array(Tool).nullable().optional(),
  tool_choice: ToolChoice.nullable().optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  max_output_tokens: z.number().int().positive().nullable().optional(),
  text: z.looseObject({ format: TextFormat.nullable().optional() }).nullable().optional(),
  stream: z.boolean().nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  previous_response_id: z.string().nullable().optional(),
  user: z.string().max(256).optional(),
  temperature: OpenAIDecodingShape.temperature,
  top_p: OpenAIDecodingShape.top_p,
});

export type ResponsesRequest = z.output<typeof ResponsesRequestSchema>;
export type ResponsesInputItem = Exclude<ResponsesRequest['input'], string>[number];
