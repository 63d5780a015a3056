import { ApplicationFailure, ApplicationFailureCategory, CancelledFailure } from '@temporalio/common';
import { ModelCallError } from '../src/providers/model-call-error.js';
import { FAILED_TEXT_MAX_CHARS, type ModelFailureDetails } from './types.js';

/** Failures that point at our configuration or code, not at a provider's bad moment: logged loudly. */
const LOUD_TYPES = new Set([
  'ProviderMisconfigured',
  'Unknown',
  'AuthenticationFailed',
  'PermissionDenied',
  'ModelNotFound',
  'BadRequest',
]);

/**
 * The activity edge of the error taxonomy: a ModelCallError becomes an ApplicationFailure with `type`,
 * `nonRetryable` and `nextRetryDelay` set explicitly (the default conversion would drop them) and the
 * attempt's facts in `details[0]`. Cancellation passes through untouched.
 */
export function toApplicationFailure(
  error: unknown,
  facts: { latencyMs: number; costUsd: number; formatFailure?: boolean },
): Error {
  if (error instanceof CancelledFailure || error instanceof ApplicationFailure) return error;
  const failure =
    error instanceof ModelCallError
      ? error
      : new ModelCallError('Unknown', `unexpected error: ${(error as Error)?.message ?? String(error)}`.slice(0, 300));
  const details: ModelFailureDetails = {
    kind: failure.kind,
    status: failure.status ?? null,
    retryAfterMs: failure.retryAfterMs ?? null,
    latencyMs: Math.round(facts.latencyMs),
    inputTokens: failure.usage?.inputTokens ?? 0,
    outputTokens: failure.usage?.outputTokens ?? 0,
    costUsd: facts.costUsd,
    formatFailure: facts.formatFailure ?? failure.type === 'OutputFormatInvalid',
    ...(failure.text ? { text: failure.text.slice(0, FAILED_TEXT_MAX_CHARS) } : {}),
    ...(failure.repairFailed ? { repairFailed: failure.repairFailed } : {}),
  };
  return ApplicationFailure.create({
    type: failure.type,
    message: failure.message,
    nonRetryable: failure.kind !== 'transient',
    nextRetryDelay: failure.retryAfterMs,
    details: [details],
    // Provider hiccups are routine for a router: BENIGN keeps them out of error logs and failure metrics.
    ...(LOUD_TYPES.has(failure.type) ? {} : { category: ApplicationFailureCategory.BENIGN }),
  });
}
