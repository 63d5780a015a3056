import { ServiceError, WorkflowFailedError } from '@temporalio/client';
import { InvalidRequestError } from '../client/router-client.js';
import { GatewayError, invalidRequest } from './openai-error.js';

/** gRPC status codes the gateway distinguishes. */
const GRPC = { deadlineExceeded: 4, resourceExhausted: 8, unavailable: 14 } as const;

/**
 * Maps an error from starting or awaiting a routed request to the HTTP error the caller sees: invalid
 * requests are 400; the router refusing (Temporal overloaded) is 429; Temporal unreachable or too slow to
 * accept the request is 503; anything else (a failed workflow: a bug) is 500.
 */
export function routerFailure(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof InvalidRequestError) return invalidRequest(error.message.replace(/^invalid request: /, ''));
  const code = grpcCode(error);
  if (code === GRPC.resourceExhausted) {
    return new GatewayError(429, 'the router is over capacity, retry later', 'rate_limit_error', null, 'router_busy');
  }
  if (code === GRPC.unavailable || code === GRPC.deadlineExceeded || error instanceof ServiceError) {
    const reason = firstLine(error);
    return new GatewayError(503, `the router is unavailable: ${reason}`, 'server_error', null, 'router_unavailable');
  }
  if (error instanceof WorkflowFailedError) {
    const reason = firstLine(error.cause ?? error);
    return new GatewayError(500, `routing failed: ${reason}`, 'server_error', null, 'routing_failed');
  }
  return new GatewayError(500, `internal error: ${firstLine(error)}`, 'server_error', null, null);
}

/** The gRPC status code on an error or any of its causes, or null. */
export function grpcCode(error: unknown): number | null {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error';
}
