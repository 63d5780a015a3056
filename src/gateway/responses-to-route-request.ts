import type { z } from 'zod';
import type { Policy } from '../policy/schema.js';
import type { ChatMessage, ResponseFormat, RouteRequest } from '../policy/types.js';
import { callerDecoding } from './caller-decoding.js';
import { describeIssue } from './chat-request-schema.js';
import { invalidRequest } from './openai-error.js';
import { resolveModel } from './resolve-model.js';
import type { ResponseEcho } from './responses-body.js';
import {
  FunctionCallItem,
  FunctionCallOutputItem,
  MessageItem,
  type ResponsesInputItem,
  type ResponsesRequest,
  ResponsesRequestSchema,
} from './responses-request-schema.js';
import { checkRequest, type GatewayCall, jsonFormat, toMetadata } from './to-route-request.js';

/** A Responses request translated for the router, with what its response objects repeat. */
export interface ResponsesCall extends GatewayCall {
  /** The `model` as sent. */
  model: string;
  echo: ResponseEcho;
}

/** Item types that carry nothing for the model on a stateless gateway and are skipped. */
const SKIPPED_ITEMS = new Set(['reasoning']);

/**
 * Translates an OpenAI Responses body into a RouteRequest: `instructions` become the first system message,
 * `input` items become the conversation (assistant `function_call` items join the assistant turn before
 * them, `function_call_output` items become tool turns), flat function tools and `text.format` map to the
 * router's fields. Pure; throws a GatewayError (400 naming the field, 404, 413) like `toRouteRequest`, so
 * such requests never start a workflow.
 */
export function responsesToRouteRequest(body: unknown, policy: Policy, requestId?: string): ResponsesCall {
  const parsed = ResponsesRequestSchema.safeParse(body);
  if (!parsed.success) throw fieldError(parsed.error, '');
  const responses = parsed.data;
  if (responses.previous_response_id) {
    throw invalidRequest(
      'previous_response_id: not supported: the Switchyard gateway stores no responses (send the whole conversation as input items)',
      'previous_response_id',
      'previous_response_not_supported',
    );
  }
  const target = resolveModel(responses.model, policy);
  const instructions = responses.instructions ? [{ role: 'system' as const, content: responses.instructions }] : [];
  const metadata = toMetadata(responses.metadata, responses.user);
  const responseFormat = toResponseFormat(responses.text?.format ?? null);
  const maxOutputTokens = responses.max_output_tokens ?? undefined;
  const decoding = callerDecoding({ temperature: responses.temperature, top_p: responses.top_p });
  const request: RouteRequest = {
    messages: [...instructions, ...inputMessages(responses.input)],
    ...(requestId ? { requestId } : {}),
    ...(target.kind === 'route' ? { route: target.route } : {}),
    ...(target.kind === 'model' ? { models: [target.model] } : {}),
    ...(maxOutputTokens ? { maxOutputTokens } : {}),
    ...(responseFormat ? { responseFormat } : {}),
    ...(metadata ? { metadata } : {}),
    ...toolFields(responses),
    ...(decoding ? { decoding } : {}),
  };
  checkRequest(request, policy);
  return {
    request,
    target,
    stream: responses.stream === true,
    includeUsage: false,
    model: responses.model,
    requestedModel: responses.model,
    echo: echoOf(responses),
  };
}

function echoOf(responses: ResponsesRequest): ResponseEcho {
  return {
    instructions: responses.instructions ?? null,
    max_output_tokens: responses.max_output_tokens ?? null,
    metadata: responses.metadata ?? {},
    parallel_tool_calls: responses.parallel_tool_calls ?? true,
    text: { format: responses.text?.format ?? { type: 'text' } },
    tool_choice: responses.tool_choice ?? 'auto',
    tools: responses.tools ?? [],
  };
}

function inputMessages(input: ResponsesRequest['input']): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const messages: ChatMessage[] = [];
  input.forEach((item, index) => {
    const message = itemMessage(item, index);
    if (message === null) return;
    const previous = messages.at(-1);
    // A function_call item continues the assistant turn it follows (text, or other calls of the same turn).
    if (message.toolCalls && previous?.role === 'assistant') {
      previous.toolCalls = [...(previous.toolCalls ?? []), ...message.toolCalls];
      return;
    }
    messages.push(message);
  });
  return messages;
}

function itemMessage(item: ResponsesInputItem, index: number): ChatMessage | null {
  const at = `input[${index}]`;
  switch (item.type) {
    case undefined:
    case 'message': {
      const message = parseItem(MessageItem, item, at);
      const role = message.role === 'developer' ? 'system' : message.role;
      return { role, content: partsText(message.content, `${at}.content`) };
    }
    case 'function_call': {
      const call = parseItem(FunctionCallItem, item, at);
      return {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: call.call_id, name: call.name, arguments: call.arguments }],
      };
    }
    case 'function_call_output': {
      const output = parseItem(FunctionCallOutputItem, item, at);
      return { role: 'tool', toolCallId: output.call_id, content: partsText(output.output, `${at}.output`) };
    }
    case 'item_reference':
      throw invalidRequest(
        `${at}.type: item references need stored responses; the Switchyard gateway is stateless (send the items themselves)`,
        `${at}.type`,
      );
    default:
      if (SKIPPED_ITEMS.has(item.type)) return null;
      throw invalidRequest(`${at}.type: input items of type "${item.type}" are not supported`, `${at}.type`);
  }
}

function parseItem<Schema extends z.ZodType>(schema: Schema, item: unknown, at: string): z.output<Schema> {
  const parsed = schema.safeParse(item);
  if (!parsed.success) throw fieldError(parsed.error, at);
  return parsed.data;
}

/** Text of a content given as a string or parts; only text parts (`input_text`, `output_text`) can be routed. */
function partsText(content: string | { type: string; text?: string | undefined }[], param: string): string {
  if (typeof content === 'string') return content;
  return content
    .map((part, index) => {
      if (!['input_text', 'output_text', 'text'].includes(part.type) || typeof part.text !== 'string') {
        const at = `${param}[${index}]`;
        throw invalidRequest(`${at}.type: only text content parts are supported, got "${part.type}"`, at);
      }
      return part.text;
    })
    .join('\n');
}

function toolFields(responses: ResponsesRequest): Pick<RouteRequest, 'tools' | 'toolChoice' | 'parallelToolCalls'> {
  const tools = (responses.tools ?? []).map((tool, index) => {
    if (tool.type !== 'function') {
      const param = `tools[${index}].type`;
      throw invalidRequest(`${param}: only function tools are supported, got "${tool.type}"`, param);
    }
    if (tool.name === undefined) throw invalidRequest(`tools[${index}].name: required`, `tools[${index}].name`);
    return {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      ...(tool.parameters ? { parameters: tool.parameters } : {}),
    };
  });
  const choice = responses.tool_choice;
  return {
    ...(tools.length > 0 ? { tools } : {}),
    ...(choice ? { toolChoice: typeof choice === 'string' ? choice : { name: choice.name } } : {}),
    ...(typeof responses.parallel_tool_calls === 'boolean' ? { parallelToolCalls: responses.parallel_tool_calls } : {}),
  };
}

function toResponseFormat(format: NonNullable<ResponsesRequest['text']>['format'] | null): ResponseFormat | null {
  if (!format || format.type === 'text') return null;
  if (format.type === 'json_object') return { type: 'json' };
  return jsonFormat(format.schema, 'text.format.schema');
}

/** A 400 naming the field of the first issue, under `prefix` (`input[3]`). */
function fieldError(error: z.ZodError, prefix: string) {
  const { message, param } = describeIssue(error);
  if (!prefix) return invalidRequest(message, param);
  const full = param ? `${prefix}${param.startsWith('[') ? '' : '.'}${param}` : prefix;
  return invalidRequest(`${full}: ${param ? message.slice(param.length + 2) : message}`, full);
}
