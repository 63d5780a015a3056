import type { ErrorType } from '../policy/error-kinds.js';

/** Error type for an HTTP error status, before any provider-specific refinement (context length). */
export function errorTypeForStatus(status: number): ErrorType {
  if (status === 429) return 'RateLimited';
  if (status === 408 || status === 409) return 'RequestTimeout';
  if (status === 503 || status === 529) return 'Overloaded';
  if (status >= 500) return 'ServerError';
  if (status === 401) return 'AuthenticationFailed';
  if (status === 402 || status === 403) return 'PermissionDenied';
  if (status === 404) return 'ModelNotFound';
  if (status === 400 || status === 413 || status === 422) return 'BadRequest';
  return 'Unknown';
}

/** Provider messages that mean "the prompt does not fit" (OpenAI, vLLM, Groq, Anthropic spellings). */
export const CONTEXT_LENGTH_PATTERN =
  /context[ _]length|maximum context|context window|prompt is too long|too many tokens|reduce the length/i;

/**
 * Provider messages that mean "refused on content grounds" (OpenAI's `invalid_prompt`, Azure's content management
 * policy, Anthropic's "Output blocked by content filtering policy").
 */
export const CONTENT_POLICY_PATTERN =
  /content[ _]filter|content[ _]policy|content management policy|violating our usage polic/i;
