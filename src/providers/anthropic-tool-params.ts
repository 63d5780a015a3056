import type { ToolChoice as AnthropicToolChoice, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage } from '../policy/types.js';
import { ModelCallError } from './model-call-error.js';
import type { ModelCallRequest } from './types.js';

type ContentBlock = Exclude<MessageParam['content'], string>[number];

/**
 * The conversation as Anthropic turns (system messages excluded: they go to `system`): an assistant's tool
 * calls become `tool_use` blocks, a `tool` result a `tool_result` block in a user turn; consecutive turns
 * of one role are merged, so the results of parallel calls arrive together in the next user turn.
 */
export function anthropicTurns(messages: readonly ChatMessage[]): MessageParam[] {
  const turns: MessageParam[] = [];
  for (const message of messages) {
    if (message.role === 'system') continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = anthropicBlocks(message);
    const last = turns.at(-1);
    if (last && last.role === role) last.content = [...asBlocks(last.content), ...blocks];
    else turns.push({ role, content: blocks.length === 1 && blocks[0]?.type === 'text' ? blocks[0].text : blocks });
  }
  return turns;
}

function anthropicBlocks(message: ChatMessage): ContentBlock[] {
  if (message.role === 'tool') {
    return [{ type: 'tool_result', tool_use_id: message.toolCallId ?? '', content: message.content }];
  }
  const text: ContentBlock[] = message.content === '' ? [] : [{ type: 'text', text: message.content }];
  const calls = (message.toolCalls ?? []).map(
    (call): ContentBlock => ({ type: 'tool_use', id: call.id, name: call.name, input: argumentsObject(call) }),
  );
  return [...text, ...calls];
}

function asBlocks(content: MessageParam['content']): ContentBlock[] {
  return typeof content === 'string' ? (content === '' ? [] : [{ type: 'text', text: content }]) : content;
}

/** Anthropic takes a call's input as an object: arguments that are not a JSON object cannot be sent. */
function argumentsObject(call: { id: string; arguments: string }): Record<string, unknown> {
  let value: unknown;
  try {
    value = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch {
    value = null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ModelCallError('BadRequest', `tool call ${call.id}: arguments are not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** `tools` (with `input_schema`) and `tool_choice` of a request that offers tools; nothing otherwise. */
export function anthropicToolParams(request: ModelCallRequest): { tools?: Tool[]; tool_choice?: AnthropicToolChoice } {
  if (!request.tools || request.tools.length === 0) return {};
  const tools = request.tools.map(
    (tool): Tool => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      input_schema: { type: 'object', ...(tool.parameters ?? {}) } as Tool['input_schema'],
    }),
  );
  const choice = request.toolChoice;
  if (choice === 'none') return { tools, tool_choice: { type: 'none' } };
  const serial = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined && request.parallelToolCalls !== false) return { tools };
  const tool_choice: AnthropicToolChoice =
    choice === undefined || choice === 'auto'
      ? { type: 'auto', ...serial }
      : choice === 'required'
        ? { type: 'any', ...serial }
        : { type: 'tool', name: choice.name, ...serial };
  return { tools, tool_choice };
}
