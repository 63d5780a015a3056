import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ErrorType } from '../policy/error-kinds.js';
import { CONTENT_POLICY_PATTERN, CONTEXT_LENGTH_PATTERN, errorTypeForStatus } from './map-http-status.js';
import { mapSdkError } from './map-sdk-error.js';
import { ModelCallError } from './model-call-error.js';
import { isQuotaError, regainAccessAtMs } from './quota-error.js';
import { parseRetryAfterMs } from './retry-after.js';

/**
 * Classifies anything the `openai` SDK (or the stream behind it) throws. Messages carry the status and
 * the provider's error type/code only, never the provider's message text (it may quote the prompt).
 */
export function mapOpenAIError(error: unknown): ModelCallError {
  return mapSdkError(
    error,
    { APIConnectionTimeoutError, APIConnectionError, APIUserAbortError, APIError },
    mapApiError,
  );
}

/** Error codes of a refusal on content grounds: OpenAI (`content_policy_violation`, `invalid_prompt`), Azure. */
const CONTENT_POLICY_CODES = new Set(['content_policy_violation', 'invalid_prompt', 'content_filter']);

function mapApiError(error: APIError): ModelCallError {
  const label = [error.type, error.code].filter((part) => typeof part === 'string' && part.length > 0).join('/');
  const providerMessage = (error.error as { message?: unknown } | undefined)?.message;
  const contextLength =
    error.code === 'context_length_exceeded' ||
    (typeof providerMessage === 'string' && CONTEXT_LENGTH_PATTERN.test(providerMessage));
  const contentPolicy =
    CONTENT_POLICY_CODES.has(error.code ?? '') ||
    CONTENT_POLICY_CODES.has(error.type ?? '') ||
    (typeof providerMessage === 'string' && CONTENT_POLICY_PATTERN.test(providerMessage));
  const status = error.status;
  let type: ErrorType;
  if (status === undefined) {
    type = contextLength ? 'ContextLengthExceeded' : contentPolicy ? 'ContentFiltered' : inStreamErrorType(label);
  } else {
    type = errorTypeForStatus(status);
    if (contextLength && (type === 'BadRequest' || status === 400)) type = 'ContextLengthExceeded';
    else if (contentPolicy && type === 'BadRequest') type = 'ContentFiltered';
  }
  const text = typeof providerMessage === 'string' ? providerMessage : undefined;
  const quota = isQuotaError(status, error.code ?? error.type ?? undefined, text);
  const untilMs = quota ? regainAccessAtMs(text) : null;
  if (quota) type = 'QuotaExhausted';
  const retryAfterMs = parseRetryAfterMs(error.headers);
  const where = status === undefined ? 'in-stream error' : `HTTP ${status}`;
  const regain = untilMs === null ? '' : `: usage limit, access returns ${new Date(untilMs).toISOString()}`;
  return new ModelCallError(type, `${label ? `${where} ${label}` : where}${regain}`, {
    ...(status === undefined ? {} : { status }),
    ...(untilMs === null ? {} : { untilMs }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    cause: error,
  });
}

/** An `{"error": ...}` chunk inside a 200 stream: classify by type/code; unknown ones count as server errors. */
function inStreamErrorType(label: string): ErrorType {
  if (/rate_limit/i.test(label)) return 'RateLimited';
  if (/overloaded|unavailable/i.test(label)) return 'Overloaded';
  if (/invalid_request/i.test(label)) return 'BadRequest';
  if (/timeout/i.test(label)) return 'RequestTimeout';
  return 'ServerError';
}
