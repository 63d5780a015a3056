import { createAnthropicAdapter } from './anthropic-adapter.js';
import type { FetchFunction } from './client-cache.js';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.js';
import type { ModelAdapter } from './types.js';

/** Where and how to reach one provider (secrets already resolved by the worker). */
export interface ProviderConnection {
  kind: 'openai-compatible' | 'anthropic';
  /** OpenAI-compatible: up to `/v1`; Anthropic: the API root. */
  baseURL: string;
  /** @default none (a placeholder is sent) */
  apiKey?: string;
  /** Extra headers for every request. @default none */
  headers?: Record<string, string>;
}

/** The adapter for one provider model. SDK clients are shared per (kind, baseURL, apiKey, headers). */
export function createAdapter(
  provider: ProviderConnection,
  providerId: string,
  modelId: string,
  fetchImpl?: FetchFunction,
): ModelAdapter {
  const settings = {
    providerId,
    modelId,
    baseURL: provider.baseURL,
    ...(provider.apiKey === undefined ? {} : { apiKey: provider.apiKey }),
    ...(provider.headers === undefined ? {} : { headers: provider.headers }),
    ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
  };
  switch (provider.kind) {
    case 'openai-compatible':
      return createOpenAICompatibleAdapter(settings);
    case 'anthropic':
      return createAnthropicAdapter(settings);
  }
}
