import type { z } from 'zod';
import type { Rollout } from './canary-slice.js';
import type { DegradeMode } from './degrade-schema.js';
import type { LatencySplit } from './latency-split.js';
import type { ResponseFormatSchema, ReviewDecisionSchema, RouteRequestSchema } from './request-schema.js';
import type { ShadowDecision } from './shadow-decision.js';
import type { StrongGainScore } from './strong-gain-route.js';
import type { ToolCallSchema, ToolChoiceSchema, ToolSchema } from './tool-schema.js';

/**
 * Domain types shared by every ring: the request a service sends, what the inspection steps find,
 * what each model attempt did, and the result the workflow returns. Pure data, no behaviour.
 */

/** Who may see a request: decided by the privacy check, narrows the allowed providers. */
export const DATA_CLASSES = ['public', 'internal', 'restricted'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/**
 * Entity types the privacy check reports (ARCHITECTURE §9; stable names, only ever added to): `secret`
 * is an API key, token, password or private key; `confidential` a marked confidential document
 * (payroll, signed contract, "internal only", …); `custom` a policy-defined term or pattern
 * (`privacy.custom`, the finding's `rule` names it).
 */
export const ENTITY_TYPES = [
  'email',
  'phone',
  'credit_card',
  'iban',
  'national_id',
  'account_number',
  'ip_address',
  'person',
  'street_address',
  'date_of_birth',
  'health',
  'secret',
  'confidential',
  'custom',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type Risk = (typeof RISK_LEVELS)[number];

/** Risk of labels the policy does not define (`unknown`, out-of-scope): treated as medium. */
export const UNDEFINED_INTENT_RISK: Risk = 'medium';

/** What a service asks the router to do: the one shape, derived from RouteRequestSchema (request-schema.ts). */
export type RouteRequest = z.output<typeof RouteRequestSchema>;
/** One message of the conversation. */
export type ChatMessage = RouteRequest['messages'][number];
export type ChatRole = ChatMessage['role'];
/** A structured-output requirement: the answer must be JSON (optionally matching a JSON Schema). */
export type ResponseFormat = z.output<typeof ResponseFormatSchema>;

/** Size and shape of a request, measured before routing. */
export interface ComplexitySignals {
  /** Characters over all messages. */
  chars: number;
  /** Estimated input tokens (o200k tokenizer) over all messages. */
  inputTokens: number;
  /** Question marks in the last user message. */
  questions: number;
  /** Messages in the conversation. */
  messages: number;
  /** Attachments declared by the caller. */
  attachments: number;
  /** True when the input is long enough to need a long-context model. */
  longContext: boolean;
}

/** Which step of the classifier cascade produced the label. */
export type ClassificationSource = 'rules' | 'model' | 'llm' | 'forced' | 'none';

export interface Classification {
  /** Intent label, or `unknown` when nothing is confident enough. */
  intent: string;
  /** Calibrated probability that `intent` is right, 0..1. */
  confidence: number;
  risk: Risk;
  source: ClassificationSource;
  complexity: ComplexitySignals;
  /** True when rules and the learned model disagree with confidence. */
  conflicting: boolean;
  /** Runner-up labels, best first. */
  alternatives: { intent: string; confidence: number }[];
  /** The strong-gain router's score when the policy names one (`classifier.router`). @default absent */
  strongGain?: StrongGainScore;
  /**
   * Language of the last user message, ISO 639-1 (`de`, `ja`), or `und` when too short or unsure
   * (src/classify/detect-locale.ts). Absent on results recorded before locale segments.
   */
  locale?: string;
}

/** One personal-data span found in the request text. Offsets index the text the scan saw. */
export interface PrivacyFinding {
  type: EntityType;
  start: number;
  end: number;
  /** Detector confidence 0..1. */
  score: number;
  /** Index of the message the span is in. */
  message?: number;
  /** For `custom` findings: the name of the policy's `privacy.custom` entry that matched. */
  rule?: string;
  /** For `custom` findings: the data class that entry gives the request. */
  dataClass?: DataClass;
}

/** Verdict of the privacy check. Carries no personal text: types and offsets only. */
export interface PrivacyVerdict {
  dataClass: DataClass;
  findings: PrivacyFinding[];
  /** Distinct entity types found, sorted. */
  entityTypes: EntityType[];
}

export const ERROR_KINDS = ['transient', 'permanent', 'policy-blocked'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Why a model was called. */
export type AttemptRole =
  | 'primary'
  | 'retry'
  | 'fallback'
  | 'reviewer-reroute'
  | 'review-timeout'
  | 'draft'
  /** The cascade's LLM classifier (not an answer). */
  | 'classify'
  /** A hedged call's second leg, started beside a slow first attempt (docs/failover.md#hedged-calls). */
  | 'hedge'
  /** A route verifier's judge grading an answer (not an answer; docs/router.md#cascade). */
  | 'judge'
  /** Summarising older turns so the prompt fits (`fitPrompt: summarize`; not an answer). */
  | 'summarize'
  /** The reduced-scope task of `degrade: { mode: reduced-scope }` (docs/failover.md#degrade-modes). */
  | 'degrade';

/** One call to a model, as the workflow saw it. */
export interface AttemptRecord {
  /** 1-based attempt number within the request. */
  n: number;
  /** Policy model key. */
  model: string;
  provider: string;
  role: AttemptRole;
  ok: boolean;
  errorKind: ErrorKind | null;
  errorType: string | null;
  /** Short reason (status, limit hit); never prompt text. */
  message: string | null;
  /** HTTP status when the provider answered with one. */
  status: number | null;
  /** Provider's Retry-After in ms, when given. */
  retryAfterMs: number | null;
  /** True when the answer arrived but failed the route's response-format check. */
  formatFailure: boolean;
  /** Wall time of the attempt as measured by the activity (or the timeout that ended it), ms. */
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export type TrailStep =
  | 'validate'
  | 'access'
  | 'classify'
  | 'privacy'
  | 'route'
  | 'precheck'
  | 'attempt'
  | 'retry'
  | 'fallback'
  | 'review'
  | 'degrade'
  | 'answer'
  | 'reject'
  | 'budget'
  | 'quota'
  | 'hedge'
  /** The route's answer cache: hit, or why a request was not looked up. */
  | 'cache'
  /** A route verifier's verdict on an answer: accept, escalate, or unverified (docs/router.md#cascade). */
  | 'verify'
  /** A JSON answer that did not parse: `repaired` (answered without another call) or `failed` (docs/failover.md). */
  | 'repair'
  /** The request shrunk to fit a model's context window or to save cost; `detail.tokensRemoved`. */
  | 'fit-prompt'
  /** The answer went to the route's grading sample (docs/review.md#grading). */
  | 'quality-sample'
  /** A slow request's interim message went out (docs/streaming.md#interim-messages). */
  | 'interim';

/** One line of the decision trail: what happened at a step and why. */
export interface TrailEntry {
  step: TrailStep;
  outcome: string;
  reason: string;
  detail?: Record<string, unknown>;
}

export const OUTCOMES = ['answered', 'degraded', 'reviewed', 'rejected'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const REVIEW_DECISIONS = ['approve-draft', 'reply-with-text', 'reroute-to-model', 'reject'] as const;
export type ReviewDecisionKind = (typeof REVIEW_DECISIONS)[number];

/** A reviewer's resolution of an escalated request: derived from ReviewDecisionSchema (request-schema.ts). */
export type ReviewDecision = z.output<typeof ReviewDecisionSchema>;

/** What the router returns for every request. */
export interface RouteResult {
  workflowId: string;
  outcome: Outcome;
  /** The answer text; the safe message when degraded; null when rejected. */
  answer: string | null;
  /** Route that handled the request, or null when rejected before routing. */
  route: string | null;
  /** Model key that produced the answer, or null (degraded, rejected, human reply). */
  model: string | null;
  attempts: AttemptRecord[];
  trail: TrailEntry[];
  /** Total cost of all attempts, USD. */
  costUsd: number;
  /** Workflow start to finish, ms (includes review waits). */
  latencyMs: number;
  /** Model time, end to end without review waits, and review waits, ms. Absent on results recorded before the split. */
  latency?: LatencySplit;
  /** Version of the worker policy that decided; null when the request was refused before one was resolved. */
  policyVersion: string | null;
  /** sha256 of that policy; null as above. */
  policyHash: string | null;
  /**
   * Which configured version decided (`active`, or the `canary` candidate) and why: the slice rule, a promotion or
   * a rollback (docs/policy-rollout.md). Absent on results recorded before rollouts.
   */
  rollout?: Rollout;
  classification: Classification | null;
  privacy: { dataClass: DataClass; entityTypes: EntityType[] } | null;
  review: (ReviewDecision & { at: string }) | null;
  /** Usage of the answering attempt. */
  usage: { inputTokens: number; outputTokens: number } | null;
  /**
   * Why the answer ended, as standard clients read it: `stop` (complete), `length` (cut at the output cap),
   * `tool-calls` (the model asks for tools: see `toolCalls`), `content-filter` (a provider refused on content
   * grounds; the answer is the safe message). null when no model answer ended the request (degraded for
   * other reasons, human reply, rejected). Absent on results recorded before this field.
   */
  finish?: FinishKind | null;
  /** Tool calls the answering model asked for (finish `tool-calls`); null otherwise. Absent on older results. */
  toolCalls?: ToolCall[] | null;
  /** The shadow policy's decision (no model called for it); absent when the worker runs no shadow. */
  shadow?: ShadowDecision;
  /**
   * How a degraded request was answered when its route names a `degrade` mode: `reduced-scope` (a cheaper task's
   * answer), `partial` (see `partial`) or `message` (the safe message). Absent otherwise.
   */
  degradeMode?: DegradeMode;
  /** True when `answer` is a validated partial answer (degrade mode `partial`); absent otherwise. */
  partial?: boolean;
}

/** How an answer ended (see RouteResult.finish). */
export type FinishKind = 'stop' | 'length' | 'tool-calls' | 'content-filter';

/**
 * One tool call a model asked for: OpenAI's function call, Anthropic's tool_use, in one shape (`id`: the
 * provider's call id that tool-result turns refer to; `arguments`: JSON text, not parsed, never trusted).
 * Derived from ToolCallSchema (tool-schema.ts).
 */
export type ToolCall = z.output<typeof ToolCallSchema>;
/** A function a request offers the model (tool-schema.ts). */
export type ToolDefinition = z.output<typeof ToolSchema>;
/** Whether and which tool the model must call (tool-schema.ts). */
export type ToolChoice = z.output<typeof ToolChoiceSchema>;
