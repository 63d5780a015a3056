import { contentText, isRecord } from './wire-types.js';

/** What a request says about tools, read from either wire. */
export interface ToolRequestFacts {
  /** Offered tools: name and parameters JSON Schema. */
  tools: { name: string; parameters: unknown }[];
  /** The tool the request forces (`tool_choice` naming one), or null. */
  forcedTool: string | null;
  /** `tool_choice` `none`: the model must answer in text. */
  toolsDisabled: boolean;
  /** Whether several calls in one turn are allowed. */
  parallelAllowed: boolean;
  /** The last turn is a tool result: its call id and text (the answer refers to it); null otherwise. */
  lastResult: { callId: string; text: string } | null;
  /** Tool-call arguments and tool-result texts in the conversation (for the attempt log). */
  payloads: string[];
}

/** Tool facts of an OpenAI Chat Completions body. */
export function openAIToolFacts(body: Record<string, unknown>): ToolRequestFacts {
  const tools = (Array.isArray(body.tools) ? body.tools : []).flatMap((tool) =>
    isRecord(tool) && isRecord(tool.function) && typeof tool.function.name === 'string'
      ? [{ name: tool.function.name, parameters: tool.function.parameters }]
      : [],
  );
  const choice = body.tool_choice;
  const messages = (Array.isArray(body.messages) ? body.messages : []).filter(isRecord);
  const payloads: string[] = [];
  for (const message of messages) {
    for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
      if (isRecord(call) && isRecord(call.function) && typeof call.function.arguments === 'string') {
        payloads.push(call.function.arguments);
      }
    }
    if (message.role === 'tool') payloads.push(contentText(message.content));
  }
  const last = messages.at(-1);
  return {
    tools,
    forcedTool: isRecord(choice) && isRecord(choice.function) ? String(choice.function.name) : null,
    toolsDisabled: choice === 'none',
    parallelAllowed: body.parallel_tool_calls !== false,
    lastResult:
      last?.role === 'tool' ? { callId: String(last.tool_call_id ?? ''), text: contentText(last.content) } : null,
    payloads,
  };
}

/** Tool facts of an Anthropic Messages body. */
export function anthropicToolFacts(body: Record<string, unknown>): ToolRequestFacts {
  const tools = (Array.isArray(body.tools) ? body.tools : []).flatMap((tool) =>
    isRecord(tool) && typeof tool.name === 'string' ? [{ name: tool.name, parameters: tool.input_schema }] : [],
  );
  const choice = isRecord(body.tool_choice) ? body.tool_choice : {};
  const messages = (Array.isArray(body.messages) ? body.messages : []).filter(isRecord);
  const payloads: string[] = [];
  let lastResult: ToolRequestFacts['lastResult'] = null;
  messages.forEach((message, index) => {
    for (const block of Array.isArray(message.content) ? message.content.filter(isRecord) : []) {
      if (block.type === 'tool_use') payloads.push(JSON.stringify(block.input ?? {}));
      if (block.type === 'tool_result') {
        const text = contentText(block.content);
        payloads.push(text);
        if (index === messages.length - 1) lastResult = { callId: String(block.tool_use_id ?? ''), text };
      }
    }
  });
  return {
    tools,
    forcedTool: choice.type === 'tool' && typeof choice.name === 'string' ? choice.name : null,
    toolsDisabled: choice.type === 'none',
    parallelAllowed: choice.disable_parallel_tool_use !== true,
    lastResult,
    payloads,
  };
}
