import { isConnectionFailure } from './connection-failure.js';
import { ModelCallError } from './model-call-error.js';

type ErrorClass<T = Error> = abstract new (...args: never[]) => T;

/** The error classes both official SDKs export under the same names. */
export interface SdkErrorClasses<ApiError extends Error> {
  APIConnectionTimeoutError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIUserAbortError: ErrorClass;
  APIError: ErrorClass<ApiError>;
}

/**
 * What both SDKs throw, in the taxonomy: client timeouts and aborts, connection failures, bad JSON in a
 * stream, and anything unknown; HTTP errors go to the SDK-specific `mapApiError`. Messages never carry
 * the provider's text (it may quote the prompt).
 */
export function mapSdkError<ApiError extends Error>(
  error: unknown,
  classes: SdkErrorClasses<ApiError>,
  mapApiError: (error: ApiError) => ModelCallError,
): ModelCallError {
  if (error instanceof ModelCallError) return error;
  if (error instanceof classes.APIConnectionTimeoutError)
    return new ModelCallError('Timeout', 'client timeout', { cause: error });
  if (error instanceof classes.APIConnectionError)
    return new ModelCallError('ConnectionError', 'connection failed', { cause: error });
  if (error instanceof classes.APIUserAbortError)
    return new ModelCallError('Timeout', 'request aborted', { cause: error });
  if (error instanceof classes.APIError) return mapApiError(error);
  if (error instanceof SyntaxError) {
    return new ModelCallError('MalformedResponse', 'malformed JSON in the response stream', { cause: error });
  }
  if (isConnectionFailure(error)) return new ModelCallError('ConnectionError', 'connection failed', { cause: error });
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  return new ModelCallError('Unknown', `${name}: ${message.slice(0, 200)}`, { cause: error });
}
