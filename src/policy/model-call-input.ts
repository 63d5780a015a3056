import type { Decoding } from './decoding-schema.js';
import type { AttemptTimeouts } from './ladder-state.js';
import { type AttemptSettings, settingsInput, type ToolFields, toolsOf } from './model-call-parts.js';
import type { StreamTicket } from './stream-ticket.js';
import type { AttemptRole, ChatMessage, ResponseFormat, ToolChoice, ToolDefinition } from './types.js';

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

/** Who makes a model call: the request, its attempt number and role, and the rules its run was recorded with. */
export interface ModelCallOwner {
  workflowId: string;
  n: number;
  role: AttemptRole;
  policyHash: string;
  modelKey: string;
  /** Route the attempt serves; unset before a route was decided (an LLM classification). */
  route: string | undefined;
  /** The policy's `privacy.minScore`. */
  minScore: number;
  /** The run applies failover by error kind (then `acceptTruncated` is sent). */
  failoverByKind: boolean;
}

/** What one model call asks, as the ladder built it (workflows/run-ladder.ts ModelCall). */
export type ModelCallAsk = {
  messages: ChatMessage[];
  maxOutputTokens: number;
  responseFormat: ResponseFormat | null;
  timeouts: AttemptTimeouts;
  redact?: boolean;
  stream?: StreamTicket | null;
  answerFacts?: AnswerFactsRequest | null;
  /** Heartbeat interval of a cancellable leg, ms. @default none */
  heartbeatMs?: number;
} & ToolFields &
  AttemptSettings;

/**
 * The activity input of one model call: the one place it is assembled, for the workflow's attempts and for the
 * first attempt `resolvePolicy` makes ahead (activities/first-attempt.ts), so both compare equal.
 */
export function modelCallInput(owner: ModelCallOwner, call: ModelCallAsk): CallModelInput {
  return {
    workflowId: owner.workflowId,
    n: owner.n,
    role: owner.role,
    policyHash: owner.policyHash,
    modelKey: owner.modelKey,
    ...(owner.route ? { route: owner.route } : {}),
    messages: call.messages,
    maxOutputTokens: call.maxOutputTokens,
    responseFormat: call.responseFormat,
    timeouts: call.timeouts,
    redact: call.redact ?? false,
    minScore: owner.minScore,
    ...(call.stream ? { stream: call.stream } : {}),
    // A prose answer cut at the cap is the answer (finish `length`), as standard clients expect; JSON is not.
    ...(owner.failoverByKind ? { acceptTruncated: call.responseFormat === null } : {}),
    ...toolsOf(call),
    ...(call.heartbeatMs === undefined ? {} : { heartbeatMs: call.heartbeatMs }),
    ...(call.answerFacts ? { answerFacts: call.answerFacts } : {}),
    ...settingsInput(call),
  };
}
