import type { FetchFunction } from './client-cache.js';
import type { ModelCallRequest } from './types.js';

/** How an adapter reaches one model of one provider (secrets already resolved by the worker). */
export interface AdapterSettings {
  /** Wire protocol. */
  kind: 'openai-compatible' | 'anthropic';
  /** Policy key of the provider (for logs and results). */
  providerId: string;
  /** Model id as the provider knows it. */
  modelId: string;
  /** OpenAI-compatible: up to and including `/v1`; Anthropic: the root (a trailing `/v1` is dropped). */
  baseURL: string;
  /** @default a placeholder (local servers need none) */
  apiKey?: string;
  /** Extra headers sent with every request. @default none */
  headers?: Record<string, string>;
  /**
   * A fetch to send requests with, through the provider's SDK (tests, custom transports). @default none: the
   * Anthropic SDK uses globalThis.fetch, OpenAI-compatible calls go over Switchyard's own keep-alive HTTP client
   */
  fetch?: FetchFunction;
}

/** Sent when no API key is configured: SDKs insist on one, local servers ignore it. */
export const PLACEHOLDER_API_KEY = 'switchyard-no-key';

/** `x-switchyard-*` headers that let providers (and the fake) correlate the attempts of one request. */
export function traceHeaders(trace: ModelCallRequest['trace']): Record<string, string> {
  const headers: Record<string, string> = {};
  if (trace?.workflowId) headers['x-switchyard-workflow-id'] = trace.workflowId;
  if (trace?.attempt !== undefined) headers['x-switchyard-attempt'] = String(trace.attempt);
  return headers;
}
