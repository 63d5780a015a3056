import type { AnswerRepair } from '../src/output/repair-json-answer.js';
import type { CallerFacts } from '../src/policy/access.js';
import type { Rollout } from '../src/policy/canary-slice.js';
import type { Decoding } from '../src/policy/decoding-schema.js';
import type { FastPathGrant } from '../src/policy/fast-path.js';
import type { AttemptTimeouts } from '../src/policy/ladder.js';
import type { IntentConfig, Policy, PrivacyConfig } from '../src/policy/schema.js';
import type { ShadowPolicySnapshot } from '../src/policy/shadow-decision.js';
import type { PublicKeys } from '../src/policy/signatures.js';
import type {
  AttemptRole,
  ChatMessage,
  Classification,
  ErrorKind,
  FinishKind,
  PrivacyVerdict,
  ResponseFormat,
  RouteRequest,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from '../src/policy/types.js';
import type { StreamTicket } from '../src/streaming/stream-protocol.js';

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

/** Input of the callModel activity: everything one attempt needs, resolved by the workflow. */
export interface CallModelInput {
  workflowId: string;
  /** Attempt number within the request (1-based). */
  n: number;
  role: AttemptRole;
  /** The worker policy (by hash) whose model registry and providers this attempt uses. */
  policyHash: string;
  /** Model key in that policy; its provider, endpoint and key variable come from the worker's copy. */
  modelKey: string;
  /** Route the attempt serves (its output-format circuit). Absent from attempts scheduled before circuit breakers. */
  route?: string;
  messages: ChatMessage[];
  maxOutputTokens: number;
  responseFormat: ResponseFormat | null;
  timeouts: AttemptTimeouts;
  /** Replace personal data with typed placeholders before sending (route `redact`). @default false */
  redact?: boolean;
  /** Findings below this score are not redacted. @default 0.5 */
  minScore?: number;
  /**
   * Send the answer live to the gateway holding the client (docs/streaming.md), if the worker's
   * `SWITCHYARD_STREAM_SINKS` allows the URL. Set by the workflow only for attempts whose answer may reach
   * the client unreviewed and unbuffered. @default none
   */
  stream?: StreamTicket | null;
  /**
   * An answer cut at the output cap (finish `length`) is the answer, returned with finish `length`; otherwise it
   * fails as `OutputTruncated`. Set for requests without a JSON response format. @default false
   */
  acceptTruncated?: boolean;
  /** Functions the model may call (the request's `tools`). @default none */
  tools?: ToolDefinition[];
  /** The request's `toolChoice`. @default provider default */
  toolChoice?: ToolChoice;
  /** The request's `parallelToolCalls`. @default provider default */
  parallelToolCalls?: boolean;
  /**
   * Heartbeat every this many ms for the whole call, so a cancellation (the losing leg of a hedged call) reaches
   * the attempt and aborts its HTTP request even while the provider sends nothing. @default none (progress only)
   */
  heartbeatMs?: number;
  /** What a route verifier needs measured on the answer (docs/router.md#cascade). @default nothing */
  answerFacts?: AnswerFactsRequest;
  /** Decoding values to send (temperature, topP, stop, seed), resolved by the workflow. @default provider defaults */
  decoding?: Decoding;
  /** Repair a JSON answer that does not parse before failing on format (route `repair`). @default false */
  repair?: boolean;
  /** Add the stricter format instruction (an adjusted retry's `strictFormat`). @default false */
  strictFormat?: boolean;
  /** Offer the format's schema as one forced tool and answer with its arguments (`schemaTool`). @default false */
  schemaTool?: boolean;
}

/** Facts about an answer a verifier asks the attempt to measure; the verdict is decided in the workflow. */
export interface AnswerFactsRequest {
  /** Check the answer against this JSON format (the verifier's `json-schema` check), without failing the attempt. */
  format?: ResponseFormat;
  /** Ask the provider for token log-probabilities (the `min-logprob` check). @default false */
  logprobs?: boolean;
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
}
