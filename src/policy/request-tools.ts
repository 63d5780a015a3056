import { estimateTokens } from './token-estimate.js';
import type { RouteRequest } from './types.js';

/** Input tokens of the tool definitions a request offers (sent with every attempt); 0 without tools. */
export function toolDefinitionTokens(request: RouteRequest): number {
  return request.tools && request.tools.length > 0 ? estimateTokens(JSON.stringify(request.tools)) : 0;
}

/** Whether a request needs a model that can call tools: it offers tools, or its conversation has tool turns. */
export function requestNeedsTools(request: RouteRequest): boolean {
  if ((request.tools?.length ?? 0) > 0) return true;
  return request.messages.some((message) => message.role === 'tool' || message.toolCalls !== undefined);
}
