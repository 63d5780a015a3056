import type { AttemptTimeouts } from '../src/policy/ladder.js';
import type { IntentConfig, ModelConfig, PrivacyConfig, ProviderConfig } from '../src/policy/schema.js';
import type {
  AttemptRole,
  ChatMessage,
  Classification,
  ErrorKind,
  PrivacyVerdict,
  ResponseFormat,
} from '../src/policy/types.js';

/** A trained artifact, or training at load from the intents' examples plus an optional JSONL file. */
export type ClassifierSource =
  | { kind: 'artifact'; path: string }
  | { kind: 'examples'; trainingDataPath: string | null };

/** Input of the classifyRequest local activity. */
export interface ClassifyRequestInput {
  messages: ChatMessage[];
  attachments: number;
  intents: Record<string, IntentConfig>;
  /** Where the local learned model comes from, or null for rules only. */
  classifier: ClassifierSource | null;
  /** Overrides the model's learned unknown threshold. */
  unknownThreshold: number | null;
  /** Identifies the policy, to cache compiled rules per policy. */
  policyHash: string;
}

export type ClassifyRequestOutput = Classification;

/** Input of the inspectRequest local activity: both checks at once. */
export interface InspectRequestInput {
  classify: ClassifyRequestInput;
  privacy: CheckPrivacyInput;
}

export interface InspectRequestOutput {
  classification: Classification;
  privacy: PrivacyVerdict;
}

/** Input of the checkPrivacy local activity. */
export interface CheckPrivacyInput {
  messages: ChatMessage[];
  rules: Pick<PrivacyConfig, 'restricted' | 'internal' | 'minScore'>;
}

export type CheckPrivacyOutput = PrivacyVerdict;

/** Input of the callModel activity: everything one attempt needs, resolved by the workflow. */
export interface CallModelInput {
  workflowId: string;
  /** Attempt number within the request (1-based). */
  n: number;
  role: AttemptRole;
  modelKey: string;
  model: ModelConfig;
  providerKey: string;
  provider: ProviderConfig;
  messages: ChatMessage[];
  maxOutputTokens: number;
  responseFormat: ResponseFormat | null;
  timeouts: AttemptTimeouts;
  /** Replace personal data with typed placeholders before sending (route `redact`). @default false */
  redact?: boolean;
  /** Findings below this score are not redacted. @default 0.5 */
  minScore?: number;
}

export interface CallModelOutput {
  text: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  firstTokenMs: number | null;
  /** Model id the provider reported. */
  providerModel: string;
  finishReason: string | null;
}

/** Input of notifyReview: labels and links only, never request text. */
export interface NotifyReviewInput {
  url: string;
  signingSecretEnv: string | null;
  linkBaseUrl: string | null;
  workflowId: string;
  reason: string;
  route: string | null;
  dataClass: string | null;
  intent: string | null;
  requestedAt: string;
  deadlineAt: string;
}

/** `details[0]` of every ApplicationFailure thrown by callModel. */
export interface ModelFailureDetails {
  kind: ErrorKind;
  status: number | null;
  retryAfterMs: number | null;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  formatFailure: boolean;
}
