import type { ChatMessage, ToolCall, ToolChoice, ToolDefinition } from '../policy/types.js';

/** Unified finish reason, with the provider's raw value kept for the audit. */
export type UnifiedFinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'other';

export interface FinishReason {
  unified: UnifiedFinishReason;
  raw: string | null;
}

export interface ModelCallRequest {
  messages: ChatMessage[];
  /** Output cap in tokens. */
  maxOutputTokens: number;
  /** Ask the provider for JSON output (where the wire format supports it). @default false */
  json?: boolean;
  /** JSON Schema the answer must match; sent as OpenAI `json_schema`, or as an instruction to Anthropic. */
  jsonSchema?: Record<string, unknown>;
  /** Functions the model may call. @default none */
  tools?: ToolDefinition[];
  /** Whether and which tool the model must call. @default provider default (`auto`) */
  toolChoice?: ToolChoice;
  /** Whether the model may ask for several tool calls at once. @default provider default */
  parallelToolCalls?: boolean;
  /** Sampling temperature, 0..2 (Anthropic: above 1 is sent as 1). @default provider default */
  temperature?: number;
  /** Nucleus sampling, (0, 1]: OpenAI `top_p`, Anthropic `top_p`. @default provider default */
  topP?: number;
  /** Stop sequences, at most 4: OpenAI `stop`, Anthropic `stop_sequences`. @default none */
  stop?: string[];
  /** Sampling seed: OpenAI `seed`; the Anthropic Messages API has none (not sent). @default none */
  seed?: number;
  /** Ask for token log-probabilities where the wire has them (OpenAI `logprobs`); others ignore it. @default false */
  logprobs?: boolean;
  /** Sent as `x-switchyard-*` headers so providers (and the fake) can correlate attempts. */
  trace?: { workflowId?: string; attempt?: number };
}

export interface ModelCallOptions {
  /** Aborts the call (attempt timeout, activity cancellation). */
  signal: AbortSignal;
  /** Limit from request start to the first content token, ms. */
  firstTokenTimeoutMs: number;
  /** Limit between two stream events once streaming, ms. */
  idleTimeoutMs: number;
  /** Called on every stream event (used to heartbeat the activity). */
  onProgress?: () => void;
  /**
   * Called with each piece of the answer as it arrives (the live stream to a waiting client). Must not throw
   * or block: the call's result is the record, deltas are a courtesy. @default none
   */
  onDelta?: (delta: ModelDelta) => void;
}

/** A piece of an answer as it streams: text, or part of a tool call (arguments arrive in pieces). */
export type ModelDelta =
  | { kind: 'text'; text: string }
  | { kind: 'tool-call'; index: number; id?: string; name?: string; argumentsDelta?: string };

export interface ModelCallResult {
  text: string;
  /** Tool calls the model asked for, in order (finish reason `tool-calls`). @default none */
  toolCalls?: ToolCall[];
  usage: { inputTokens: number; outputTokens: number };
  finishReason: FinishReason;
  /** Model id the provider reports. */
  model: string;
  /** Request start to last byte, ms. */
  latencyMs: number;
  /** Request start to first content token, ms (null when the answer was empty). */
  firstTokenMs: number | null;
  /** Mean log-probability of the answer's tokens (natural log), when asked for and given. @default absent */
  meanLogprob?: number | null;
}

/**
 * One provider model behind one small interface. Adapters never retry and never sleep: the workflow
 * owns retries so that every attempt is its own history event.
 */
export interface ModelAdapter {
  readonly providerId: string;
  readonly modelId: string;
  generate(request: ModelCallRequest, options: ModelCallOptions): Promise<ModelCallResult>;
}
