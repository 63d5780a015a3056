import type { ErrorKind } from './types.js';

/**
 * The one error taxonomy. Every failure of a model attempt has a `type` (the ApplicationFailure type,
 * stable, used in history and metrics) and a `kind` that decides the workflow's reaction:
 * transient → retry once, then fall back; permanent → fall back without retry;
 * policy-blocked → neither: degrade or review, with the reason.
 */
export const ERROR_TYPE_KINDS = {
  /** 429 from the provider. */
  RateLimited: 'transient',
  /** 5xx other than 503/529. */
  ServerError: 'transient',
  /** 503 / 529: provider overloaded or down. */
  Overloaded: 'transient',
  /** 408 / 409 from the provider. */
  RequestTimeout: 'transient',
  /** The attempt's total time limit passed. */
  Timeout: 'transient',
  /** No response headers within the first-token limit: the provider never answered (silent upstream). */
  NoResponse: 'transient',
  /** Response headers came, but no first token within the first-token limit. */
  FirstTokenTimeout: 'transient',
  /** The stream stopped sending for longer than the idle limit. */
  StreamStalled: 'transient',
  /** The stream ended without a finish reason (cut connection, missing end). */
  StreamTruncated: 'transient',
  /** Connection refused, reset or dropped before a response. */
  ConnectionError: 'transient',
  /** The provider sent something that is not its wire format (bad JSON chunk). */
  MalformedResponse: 'transient',
  /** The answer did not satisfy the route's response format (JSON / schema). */
  OutputFormatInvalid: 'transient',
  /** Temporal ended the activity at its start-to-close timeout (worker lost or adapter stuck). */
  ActivityTimeout: 'transient',
  /** 400 other than context length. */
  BadRequest: 'permanent',
  /** 401. */
  AuthenticationFailed: 'permanent',
  /** 403. */
  PermissionDenied: 'permanent',
  /** 404: unknown model or endpoint. */
  ModelNotFound: 'permanent',
  /** The prompt does not fit the model's context window. */
  ContextLengthExceeded: 'permanent',
  /** The answer stopped at the output-token cap: incomplete, never reported as success. */
  OutputTruncated: 'permanent',
  /** Provider configuration missing on the worker (API key env var unset, unknown provider). */
  ProviderMisconfigured: 'permanent',
  /** Any other failure we cannot classify. */
  Unknown: 'permanent',
  /**
   * The provider account is out of credit or over its usage limit (HTTP 402, OpenAI 429 `insufficient_quota`,
   * Anthropic 400 "You have reached your specified API usage limits"): it does not clear in seconds.
   */
  QuotaExhausted: 'permanent',
  /**
   * Not sent: the model's circuit breaker is open (docs/circuit-breaker.md). The ladder fails over at once and
   * does not count it as a failed attempt.
   */
  CircuitOpen: 'permanent',
  /** The provider refused on content grounds (content filter, refusal). */
  ContentFiltered: 'policy-blocked',
  /** A privacy rule forbids the call. */
  PrivacyBlocked: 'policy-blocked',
  /** The estimated cost would exceed the route's cap. */
  BudgetExceeded: 'policy-blocked',
} as const satisfies Record<string, ErrorKind>;

export type ErrorType = keyof typeof ERROR_TYPE_KINDS;

/** Kind of an error type; unknown types count as permanent (never retried blindly). */
export function errorKindOf(type: string): ErrorKind {
  return (ERROR_TYPE_KINDS as Record<string, ErrorKind>)[type] ?? 'permanent';
}

export function isErrorType(type: string): type is ErrorType {
  return Object.hasOwn(ERROR_TYPE_KINDS, type);
}

/**
 * Failover classes: the groups of transient errors a policy reacts to (`onError`), each with `retry` (the same
 * model again, up to `retries` times) or `fallback` (the next model at once).
 */
export const ERROR_CLASSES = [
  'rateLimit',
  'serverError',
  'connectionReset',
  'noResponse',
  'firstTokenTimeout',
  'streamStall',
  'malformedStream',
  'outputFormat',
] as const;

export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** The failover class of every transient error type (permanent and policy-blocked ones have none). */
export const ERROR_TYPE_CLASSES = {
  RateLimited: 'rateLimit',
  ServerError: 'serverError',
  Overloaded: 'serverError',
  RequestTimeout: 'serverError',
  ConnectionError: 'connectionReset',
  NoResponse: 'noResponse',
  Timeout: 'noResponse',
  ActivityTimeout: 'noResponse',
  FirstTokenTimeout: 'firstTokenTimeout',
  StreamStalled: 'streamStall',
  StreamTruncated: 'streamStall',
  MalformedResponse: 'malformedStream',
  OutputFormatInvalid: 'outputFormat',
} as const satisfies {
  [Type in ErrorType as (typeof ERROR_TYPE_KINDS)[Type] extends 'transient' ? Type : never]: ErrorClass;
};

/** Failover class of an error type; null for permanent, policy-blocked and unknown types. */
export function errorClassOf(type: string): ErrorClass | null {
  return (ERROR_TYPE_CLASSES as Record<string, ErrorClass>)[type] ?? null;
}
