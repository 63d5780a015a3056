import type { Policy } from './schema.js';
import type { RouteRequest } from './types.js';

/** Largest request the router accepts, characters over all messages. @default 2,000,000 */
export const MAX_REQUEST_CHARS = 2_000_000;

const ROLES = new Set(['system', 'user', 'assistant']);

/**
 * Checks a request inside the workflow (the client validates at the edge too; this guards direct
 * starts). Returns the problems, each naming the field; empty when the request is valid.
 */
export function validateRequest(request: RouteRequest, policy: Policy): string[] {
  const problems: string[] = [];
  if (!request || typeof request !== 'object') return ['request: must be an object'];
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    problems.push('messages: at least one message is required');
  } else {
    let chars = 0;
    request.messages.forEach((message, index) => {
      if (!message || !ROLES.has(message.role))
        problems.push(`messages[${index}].role: must be system, user or assistant`);
      if (typeof message?.content !== 'string') problems.push(`messages[${index}].content: must be a string`);
      else chars += message.content.length;
    });
    if (!request.messages.some((message) => message?.role === 'user' && message.content?.trim()))
      problems.push('messages: needs a non-empty user message');
    if (chars > MAX_REQUEST_CHARS)
      problems.push(`messages: ${chars} characters exceed the limit of ${MAX_REQUEST_CHARS}`);
  }
  if (request.route !== undefined && !policy.routes.some((route) => route.name === request.route)) {
    problems.push(`route: unknown route "${request.route}" in policy ${policy.version}`);
  }
  request.models?.forEach((model, index) => {
    if (!policy.models[model]) problems.push(`models[${index}]: unknown model "${model}"`);
  });
  if (
    request.maxOutputTokens !== undefined &&
    !(Number.isInteger(request.maxOutputTokens) && request.maxOutputTokens > 0)
  ) {
    problems.push('maxOutputTokens: must be a positive integer');
  }
  return problems;
}
