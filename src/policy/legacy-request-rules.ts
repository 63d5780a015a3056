import type { Policy } from './schema.js';
import type { RouteRequest } from './types.js';

/** The size limit of that time, characters over all messages. */
const LEGACY_MAX_REQUEST_CHARS = 2_000_000;

const ROLES = new Set(['system', 'user', 'assistant']);

/**
 * The request rules of histories recorded before workers owned their policies, kept only so that those
 * histories replay exactly (a request they refused must be refused again). Everything newer is validated
 * with RouteRequestSchema plus `policyRequestProblems`.
 */
export function legacyRequestProblems(request: RouteRequest, policy: Policy): string[] {
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
    if (chars > LEGACY_MAX_REQUEST_CHARS)
      problems.push(`messages: ${chars} characters exceed the limit of ${LEGACY_MAX_REQUEST_CHARS}`);
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
