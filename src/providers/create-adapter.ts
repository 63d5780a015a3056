import type { AdapterSettings } from './adapter-settings.js';
import { createAnthropicAdapter } from './anthropic-adapter.js';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.js';
import type { ModelAdapter } from './types.js';

/** The adapter for one provider model. SDK clients are shared per (kind, baseURL, apiKey, headers). */
export function createAdapter(settings: AdapterSettings): ModelAdapter {
  switch (settings.kind) {
    case 'openai-compatible':
      return createOpenAICompatibleAdapter(settings);
    case 'anthropic':
      return createAnthropicAdapter(settings);
  }
}
