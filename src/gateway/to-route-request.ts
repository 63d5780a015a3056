import { policyRequestProblems } from '../policy/policy-request-problems.js';
import { firstIssue, RouteRequestSchema, requestSizeProblem } from '../policy/request-schema.js';
import type { Policy } from '../policy/schema.js';
import type { ChatMessage, ResponseFormat, RouteRequest } from '../policy/types.js';
import { callerDecoding } from './caller-decoding.js';
import { type ChatCompletionRequest, ChatCompletionRequestSchema, describeIssue } from './chat-request-schema.js';
import { jsonSchemaProblem } from './json-schema-problem.js';
import { invalidRequest, requestTooLarge } from './openai-error.js';
import { type ModelTarget, resolveFallbackModel, resolveModel } from './resolve-model.js';

/** A chat completion request translated for the router. */
export interface GatewayCall {
  request: RouteRequest;
  target: ModelTarget;
  stream: boolean;
  /** The request's `model` as sent (chunks carry it until the answering model is known). */
  requestedModel: string;
  /** Send a final usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
}

/**
 * Translates an OpenAI Chat Completions body into a RouteRequest. Pure; throws a GatewayError (400 naming
 * the field, 404 for an unknown model, 413 for messages over the router's size limit) for anything the
 * router cannot honour, so such requests never start a workflow: the one request schema and the policy's
 * request rules (`policyRequestProblems`), which the workflow applies too, run here first.
 */
export function toRouteRequest(body: unknown, policy: Policy, requestId?: string): GatewayCall {
  const parsed = ChatCompletionRequestSchema.safeParse(body);
  if (!parsed.success) {
    const { message, param } = describeIssue(parsed.error);
    throw invalidRequest(message, param);
  }
  const chat = parsed.data;
  if ((chat.n ?? 1) > 1) throw invalidRequest('n: only one choice per request is supported', 'n');
  if ((chat.functions?.length ?? 0) > 0) {
    throw invalidRequest('functions: deprecated function calling is not supported; send `tools` instead', 'functions');
  }
  const target = resolveModel(chat.model, policy);
  const extra = (chat.models ?? []).map((name, index) => resolveFallbackModel(name, policy, `models[${index}]`));
  const models = [...new Set([...(target.kind === 'model' ? [target.model] : []), ...extra])];
  const maxOutputTokens = chat.max_completion_tokens ?? chat.max_tokens ?? undefined;
  const responseFormat = toResponseFormat(chat.response_format);
  const metadata = toMetadata(chat.metadata, chat.user);
  const decoding = callerDecoding(chat);
  const request: RouteRequest = {
    messages: chat.messages.map(toChatMessage),
    ...(requestId ? { requestId } : {}),
    ...(target.kind === 'route' ? { route: target.route } : {}),
    ...(models.length > 0 ? { models } : {}),
    ...(maxOutputTokens ? { maxOutputTokens } : {}),
    ...(responseFormat ? { responseFormat } : {}),
    ...(metadata ? { metadata } : {}),
    ...toolFields(chat),
    ...(decoding ? { decoding } : {}),
  };
  checkRequest(request, policy);
  return {
    request,
    target,
    stream: chat.stream === true,
    requestedModel: chat.model,
    includeUsage: chat.stream === true && chat.stream_options?.include_usage === true,
  };
}

/** The router's size limit (413), then the request schema and the policy's request rules (400 naming the field). */
export function checkRequest(request: RouteRequest, policy: Policy): void {
  const tooLarge = requestSizeProblem(request.messages);
  if (tooLarge) throw requestTooLarge(`messages: ${tooLarge}`, 'messages');
  const parsed = RouteRequestSchema.safeParse(request);
  const problem = parsed.success ? policyRequestProblems(request, policy)[0] : firstIssue(parsed.error);
  if (problem) throw invalidRequest(problem, problem.split(':')[0] ?? null);
}

/** The request's `tools`, `tool_choice` and `parallel_tool_calls` as the router names them. */
function toolFields(chat: ChatCompletionRequest): Pick<RouteRequest, 'tools' | 'toolChoice' | 'parallelToolCalls'> {
  const tools = (chat.tools ?? []).map(({ function: tool }) => ({
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    ...(tool.parameters === undefined ? {} : { parameters: tool.parameters }),
  }));
  const choice = chat.tool_choice;
  return {
    ...(tools.length > 0 ? { tools } : {}),
    ...(choice ? { toolChoice: typeof choice === 'string' ? choice : { name: choice.function.name } } : {}),
    ...(typeof chat.parallel_tool_calls === 'boolean' ? { parallelToolCalls: chat.parallel_tool_calls } : {}),
  };
}

function toChatMessage(message: ChatCompletionRequest['messages'][number], index: number): ChatMessage {
  const role = message.role === 'developer' ? 'system' : message.role;
  if (role === 'function') {
    throw invalidRequest(
      `messages[${index}].role: deprecated function messages are not supported; send tool messages`,
      `messages[${index}].role`,
    );
  }
  if (role === 'tool') {
    if (message.tool_call_id === undefined) {
      const param = `messages[${index}].tool_call_id`;
      throw invalidRequest(`${param}: required for tool messages`, param);
    }
    return { role, toolCallId: message.tool_call_id, content: messageText(message, index) };
  }
  if (role === 'assistant' && message.tool_calls && message.tool_calls.length > 0) {
    const toolCalls = message.tool_calls.map((call) => ({
      id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
    }));
    return { role, content: messageText(message, index), toolCalls };
  }
  return { role, content: messageText(message, index) };
}

/** A message's content as one text: a string, or its text parts joined by line breaks. */
function messageText(message: ChatCompletionRequest['messages'][number], index: number): string {
  const { content, role } = message;
  if (content === undefined || content === null) {
    if (role === 'assistant') return '';
    throw invalidRequest(`messages[${index}].content: required for ${role} messages`, `messages[${index}].content`);
  }
  if (typeof content === 'string') return content;
  const texts = content.map((part, partIndex) => {
    if (part.type !== 'text' || typeof part.text !== 'string') {
      const param = `messages[${index}].content[${partIndex}]`;
      throw invalidRequest(`${param}.type: only text content parts are supported, got "${part.type}"`, param);
    }
    return part.text;
  });
  return texts.join('\n');
}

function toResponseFormat(format: ChatCompletionRequest['response_format']): ResponseFormat | null {
  if (!format || format.type === 'text') return null;
  if (format.type === 'json_object') return { type: 'json' };
  return jsonFormat(format.json_schema.schema, 'response_format.json_schema.schema');
}

/** A JSON answer, matching `schema` when given; 400 naming `param` when the schema is not valid. */
export function jsonFormat(schema: Record<string, unknown> | undefined, param: string): ResponseFormat {
  if (!schema) return { type: 'json' };
  const problem = jsonSchemaProblem(schema);
  if (problem) throw invalidRequest(`${param}: not a valid JSON Schema: ${problem}`, param, 'invalid_json_schema');
  return { type: 'json', schema };
}

/** OpenAI `metadata` (string values only) plus `user`, as the router's metadata; null when empty. */
export function toMetadata(
  fields: Record<string, unknown> | null | undefined,
  user: string | undefined,
): Record<string, string> | null {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (typeof value !== 'string') throw invalidRequest(`metadata.${key}: must be a string`, `metadata.${key}`);
    metadata[key] = value;
  }
  if (user !== undefined) metadata.user = user;
  return Object.keys(metadata).length > 0 ? metadata : null;
}
