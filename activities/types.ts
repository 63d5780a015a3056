import type { AnswerRepair } from '../src/output/repair-json-answer.js';
import type { CallerFacts } from '../src/policy/access.js';
import type { Rollout } from '../src/policy/canary-slice.js';
import type { FastPathGrant } from '../src/policy/fast-path.js';
import type { IntentConfig, Policy, PrivacyConfig } from '../src/policy/schema.js';
import type { ShadowPolicySnapshot } from '../src/policy/shadow-decision.js';
import type { PublicKeys } from '../src/policy/signatures.js';
import type {
  ChatMessage,
  Classification,
  ErrorKind,
  FinishKind,
  PrivacyVerdict,
  RouteRequest,
  ToolCall,
} from '../src/policy/types.js';
import type { FirstAttemptRecord } from './first-attempt.js';

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
  /** Absolute path of the strong-gain router (`classifier.router`): the classification then carries `strongGain`. */
  router?: string;
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

export type { AnswerFactsRequest, CallModelInput } from '../src/policy/model-call-input.js';

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
  /** How the answer ended: `stop`, `length` (cut at the cap, accepted), `tool-calls`. Absent from older workers: `stop`. */
  finish?: FinishKind;
  /** Tool calls the model asked for (finish `tool-calls`). */
  toolCalls?: ToolCall[];
  /** The facts asked for in `answerFacts`: a format problem (null: conforms), mean token logprob (null: none given). */
  answerFacts?: { formatProblem?: string | null; meanLogprob?: number | null };
  /** Set when the answer did not parse and was repaired (`text` is the repaired answer): what changed. */
  repaired?: AnswerRepair;
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
  /**
   * The text the model produced before the attempt failed (an answer that failed format validation), at most
   * FAILED_TEXT_MAX_CHARS; absent when there was none (and on attempts recorded before it).
   */
  text?: string;
  /** Why the repair of an answer that did not parse failed (asked with `repair`); absent when none was tried. */
  repairFailed?: string;
}

/** Longest failed-answer text an attempt failure carries into the history, characters. */
export const FAILED_TEXT_MAX_CHARS = 8000;

/** A caller's claimed name and its signature over the request (see src/policy/signatures.ts). */
export interface CallerClaim {
  name: string;
  /** Ed25519 signature (hex) of `{caller, request: digest}` for this workflow id. */
  signature: string;
}

/** Input of the resolvePolicy local activity. */
export interface ResolvePolicyInput {
  workflowId: string;
  /** Version the request names, or null for the worker's default. */
  policyVersion: string | null;
  /** Hash the caller expects that version to have (`route --policy FILE`), or null. */
  policyHash: string | null;
  caller: CallerClaim | null;
  /** The request as validated, to check the caller's signature against. */
  request: RouteRequest;
  /**
   * Make the request's first model attempt here when the workflow would make it at once on the fast path
   * (activities/first-attempt.ts). Asked by runs under the latest request rules that stream nothing. @default false
   */
  firstAttempt?: boolean;
}

/** What the workflow records at start: exactly which policy decides, and who is asking. */
export interface ResolvePolicyOutput {
  version: string;
  hash: string;
  /** The full policy snapshot (defaults filled in). */
  policy: Policy;
  reviewerKeys: PublicKeys;
  caller: CallerFacts;
  /** Which configured version decided and why; present only when the worker has a canary (docs/policy-rollout.md). */
  rollout?: Rollout;
  /** The worker's shadow policy (decided beside the active one, never called); absent when it runs none. */
  shadow?: ShadowPolicySnapshot;
  /**
   * The fast path the worker grants (src/policy/fast-path.ts); absent when it is off, and from results recorded
   * before it (those requests replay the regular path).
   */
  fastPath?: FastPathGrant;
  /**
   * The request's inspection, made here on fast-path workers (one local activity fewer); absent otherwise and from
   * results recorded before it, when the workflow runs `inspectRequest` itself.
   */
  inspection?: InspectRequestOutput;
  /**
   * The first model attempt, made here (activities/first-attempt.ts); absent when not asked, when the workflow would
   * not make it at once, and from results recorded before it.
   */
  first?: FirstAttemptRecord;
}
