import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { ErrorType } from '../policy/error-kinds.js';
import { CONTENT_POLICY_PATTERN, CONTEXT_LENGTH_PATTERN, errorTypeForStatus } from './map-http-status.js';
import { mapSdkError } from './map-sdk-error.js';
import { ModelCallError } from './model-call-error.js';
import { isQuotaError, regainAccessAtMs } from './quota-error.js';
import { parseRetryAfterMs } from './retry-after.js';

/** Anthropic error `type` → error type, for in-stream `error` events (no HTTP status). */
const ERROR_TYPES: Record<string, ErrorType> = {
  overloaded_error: 'Overloaded',
  api_error: 'ServerError',
  rate_limit_error: 'RateLimited',
  timeout_error: 'RequestTimeout',
  invalid_request_error: 'BadRequest',
  request_too_large: 'BadRequest',
  authentication_error: 'AuthenticationFailed',
  permission_error: 'PermissionDenied',
  billing_error: 'PermissionDenied',
  not_found_error: 'ModelNotFound',
};

/**
 * Classifies anything `@anthropic-ai/sdk` (or the stream behind it) throws. Messages carry the status and
 * the provider's error type only, never the provider's message text (it may quote the prompt).
 */
export function mapAnthropicError(error: unknown): ModelCallError {
  return mapSdkError(
    error,
    { APIConnectionTimeoutError, APIConnectionError, APIUserAbortError, APIError },
    mapApiError,
  );
}

function mapApiError(error: APIError): ModelCallError {
  const errorType = error.type ?? undefined;
  const status = error.status;
  const contextLength =
    errorType === 'invalid_request_error' &&
    typeof error.apiMessage === 'string' &&
    CONTEXT_LENGTH_PATTERN.test(error.apiMessage);
  // "Output blocked by content filtering policy": a 400, or an in-stream error once the output was flagged.
  const contentPolicy =
    errorType === 'invalid_request_error' &&
    typeof error.apiMessage === 'string' &&
    CONTENT_POLICY_PATTERN.test(error.apiMessage);
  let type: ErrorType;
  if (status === undefined) type = (errorType && ERROR_TYPES[errorType]) || 'ServerError';
  else type = errorTypeForStatus(status);
  if (contextLength && (status === undefined || status === 400)) type = 'ContextLengthExceeded';
  else if (contentPolicy && (status === undefined || status === 400)) type = 'ContentFiltered';
  const apiMessage = typeof error.apiMessage === 'string' ? error.apiMessage : undefined;
  const quota = isQuotaError(status, errorType, apiMessage);
  const untilMs = quota ? regainAccessAtMs(apiMessage) : null;
  if (quota) type = 'QuotaExhausted';
  const retryAfterMs = parseRetryAfterMs(error.headers);
  const where = status === undefined ? 'in-stream error' : `HTTP ${status}`;
  const regain = untilMs === null ? '' : `: usage limit, access returns ${new Date(untilMs).toISOString()}`;
  return new ModelCallError(type, `${errorType ? `${where} ${errorType}` : where}${regain}`, {
    ...(status === undefined ? {} : { status }),
    ...(untilMs === null ? {} : { untilMs }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    cause: error,
  });
}
