import type { ModelCallRequest } from './types.js';

/** Characters sent (contents, tool-call arguments, tool definitions), for a usage estimate. */
export function inputCharsOf(request: ModelCallRequest): number {
  const messages = request.messages.reduce(
    (sum, message) =>
      sum + message.content.length + (message.toolCalls ?? []).reduce((n, call) => n + call.arguments.length, 0),
    0,
  );
  return messages + (request.tools ? JSON.stringify(request.tools).length : 0);
}
