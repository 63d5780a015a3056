import type { GatewayAnswer } from './gateway-answer.js';
import type { GatewayError } from './openai-error.js';
import type { AnswerStatus } from './render-outcome.js';

/**
 * What a gateway request produces over time, in one shape for every wire renderer (Chat Completions,
 * Responses): live pieces of the answer while a model streams, a `restart` when an attempt whose pieces were
 * already sent failed and another model's answer follows, and exactly one terminal `end` or `error`.
 * The `end` answer is the workflow's validated result: the record; the pieces before it are a courtesy.
 */
export type AnswerEvent =
  /**
   * A slow request's interim message (docs/streaming.md#interim-messages), sent before any piece of the answer:
   * not part of the answer (`end` compares only the answer's own pieces).
   */
  | { kind: 'interim'; message: string }
  /** Answer text as the model produced it. */
  | { kind: 'delta'; text: string }
  /** Part of a tool call: the first piece of a call carries `id` and `name`, later ones argument text. */
  | { kind: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta?: string }
  /**
   * The attempt whose pieces were sent failed; what was sent is void and the next pieces (or the `end`
   * answer) belong to a new answer. `discardedChars`: characters of text already sent.
   */
  | { kind: 'restart'; reason: string; failedModel: string; discardedChars: number }
  /**
   * The request's final answer (validated by the workflow); `streamed`: its text already went out as deltas.
   * `status`: the HTTP status it gets when nothing was sent before it (render-outcome.ts). @default 200
   */
  | { kind: 'end'; answer: GatewayAnswer; streamed: boolean; status?: AnswerStatus }
  /** The request ends without an answer for this client (rejected, degraded as error, router failure). */
  | { kind: 'error'; error: GatewayError };
