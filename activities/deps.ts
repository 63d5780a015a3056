import type { LearnedIntentModel } from '../src/classify/cascade.js';
import type { ModelAdapter } from '../src/providers/types.js';

/** Where the built-in fake provider listens when nothing else is configured. */
export const DEFAULT_FAKE_PROVIDER_URL = 'http://127.0.0.1:8787';

/** What activities need from the process that hosts them (seams for tests and embedding). */
export interface ActivityDeps {
  /** Base URL (no /v1) of the fake provider, for providers marked `fakeProvider`. @default DEFAULT_FAKE_PROVIDER_URL */
  fakeProviderUrl?: string;
  /** Environment for API keys and base-URL overrides. @default process.env */
  env?: Record<string, string | undefined>;
  /** Builds the adapter for one provider model. @default src/providers createAdapter */
  createAdapter?: (settings: AdapterSettings) => ModelAdapter;
  /** Loads a trained classifier artifact. @default the file loader in src/classify */
  loadClassifier?: (path: string) => LearnedIntentModel;
}

export interface AdapterSettings {
  kind: 'openai-compatible' | 'anthropic';
  providerId: string;
  modelId: string;
  baseURL: string;
  apiKey?: string;
  headers?: Record<string, string>;
}
