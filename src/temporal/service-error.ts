import { isGrpcServiceError, ServiceError } from '@temporalio/client';

/** gRPC status names by code (the ones a Temporal frontend answers with). */
const GRPC_STATUS: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  11: 'OUT_OF_RANGE',
  12: 'UNIMPLEMENTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

/**
 * One line saying why the server refused a call: the Temporal client's ServiceError (`Failed to start
 * Workflow`) keeps the server's own reason in its gRPC `cause` (`details`), which its message drops.
 */
export function serverReason(error: unknown): string {
  const message = firstLine(error instanceof Error ? error.message : String(error));
  const cause = error instanceof ServiceError || isGrpcServiceError(error) ? grpcCause(error) : null;
  if (!cause) return message;
  const details = firstLine(cause.details || cause.message);
  const status = GRPC_STATUS[cause.code];
  const reason = status ? `${details} (${status})` : details;
  return message.includes(details) ? message : `${message}: ${reason}`;
}

/**
 * A Temporal client ServiceError whose message also carries the server's reason (same class and cause, so
 * `instanceof` checks keep working); any other error is returned as it is.
 */
export function withServerReason(error: unknown): unknown {
  if (!(error instanceof ServiceError) || error.constructor !== ServiceError) return error;
  const reason = serverReason(error);
  if (reason === error.message) return error;
  const explained = new ServiceError(reason, error.cause ? { cause: error.cause } : undefined);
  if (error.stack) explained.stack = error.stack.replace(error.message, reason);
  return explained;
}

function grpcCause(error: Error): { code: number; details: string; message: string } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (isGrpcServiceError(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
