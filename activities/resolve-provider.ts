import type { ProviderConfig } from '../src/policy/schema.js';
import { ModelCallError } from '../src/providers/model-call-error.js';
import { DEFAULT_FAKE_PROVIDER_URL } from './deps.js';

const ANTHROPIC_DEFAULT_URL = 'https://api.anthropic.com';

/**
 * Resolves where and how to reach a provider on this worker: fake-provider address, base-URL override
 * from the environment, API key from the environment. Secrets never travel in workflow input.
 */
export function resolveProvider(
  providerKey: string,
  provider: ProviderConfig,
  env: Record<string, string | undefined>,
  fakeProviderUrl: string | undefined,
): { baseURL: string; apiKey?: string } {
  let baseURL = provider.baseURLEnv ? env[provider.baseURLEnv] : undefined;
  if (!baseURL && provider.fakeProvider) {
    const root = (fakeProviderUrl ?? env.SWITCHYARD_FAKE_PROVIDER_URL ?? DEFAULT_FAKE_PROVIDER_URL).replace(/\/+$/, '');
    baseURL = provider.kind === 'openai-compatible' ? `${root}/v1` : root;
  }
  baseURL ??= provider.baseURL ?? (provider.kind === 'anthropic' ? ANTHROPIC_DEFAULT_URL : undefined);
  if (!baseURL) {
    throw new ModelCallError(
      'ProviderMisconfigured',
      `provider ${providerKey}: no baseURL (set ${provider.baseURLEnv})`,
    );
  }
  if (!provider.apiKeyEnv) return { baseURL };
  const apiKey = env[provider.apiKeyEnv];
  if (!apiKey) {
    throw new ModelCallError(
      'ProviderMisconfigured',
      `provider ${providerKey}: ${provider.apiKeyEnv} is not set on the worker`,
    );
  }
  return { baseURL, apiKey };
}
