/** The OpenAI error body: `{"error":{"message","type","param","code"}}`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** HTTP statuses the gateway answers errors with. */
export type GatewayErrorStatus = 400 | 401 | 403 | 404 | 413 | 415 | 421 | 429 | 500 | 503 | 504;

/** An error the gateway turns into an OpenAI-shaped response with the given status. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  /** Set when the error arose after the routing workflow started (sent as `x-switchyard-workflow-id`). */
  workflowId: string | null = null;
  /** Seconds a client should wait before retrying (sent as `retry-after` with `x-should-retry: true`); null: no hint. */
  retryAfterSeconds: number | null = null;

  constructor(
    readonly status: GatewayErrorStatus,
    message: string,
    readonly type: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }

  /** Marks the error as belonging to a started request. */
  forWorkflow(workflowId: string): this {
    this.workflowId = workflowId;
    return this;
  }

  /** Tells the client to retry after `seconds` (OpenAI SDKs honour `retry-after` and `x-should-retry`). */
  retryAfter(seconds: number): this {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** Response headers: the workflow id once the request started, and the retry hint. */
  headers(): Record<string, string> {
    return {
      ...(this.workflowId ? { 'x-switchyard-workflow-id': this.workflowId } : {}),
      ...(this.retryAfterSeconds === null
        ? {}
        : { 'retry-after': String(this.retryAfterSeconds), 'x-should-retry': 'true' }),
    };
  }

  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** 400: the request is malformed; `param` names the field. */
export const invalidRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new GatewayError(400, message, 'invalid_request_error', param, code);

/** 404: the `model` names no route and no policy model. */
export const modelNotFound = (model: string, param = 'model') =>
  new GatewayError(
    404,
    `The model \`${model}\` does not exist: use a route name, a policy model key, or "auto" (see GET /v1/models)`,
    'invalid_request_error',
    param,
    'model_not_found',
  );

/** 401: API keys are configured and the request has none, or a wrong one. */
export const unauthorized = (message: string) =>
  new GatewayError(401, message, 'invalid_request_error', null, 'invalid_api_key');

/** 403: a browser request from an origin the gateway does not allow (`corsOrigins`). */
export const forbiddenOrigin = (message: string) =>
  new GatewayError(403, message, 'invalid_request_error', null, 'origin_not_allowed');

/** 413: the body or its messages exceed a size limit; refused before any workflow starts. */
export const requestTooLarge = (message: string, param: string | null = null) =>
  new GatewayError(413, message, 'invalid_request_error', param, 'request_too_large');

/** 415: a POST body that is not `application/json`. */
export const unsupportedMediaType = (message: string) =>
  new GatewayError(415, message, 'invalid_request_error', null, 'unsupported_media_type');

/** 421: a Host header that is not a loopback name while the gateway listens on loopback (DNS rebinding). */
export const misdirectedRequest = (host: string) =>
  new GatewayError(
    421,
    `unknown host "${host.slice(0, 100)}": this gateway listens on loopback and answers loopback names only`,
    'invalid_request_error',
    null,
    'unknown_host',
  );

/**
 * 503 `no_worker`: no worker polls the router's task queue, or none picked a started request up in time.
 * Retryable: `retry-after: 2`, `x-should-retry: true`.
 */
export const noWorker = (message: string) =>
  new GatewayError(503, message, 'server_error', null, 'no_worker').retryAfter(2);
