import { type ErrorType, errorKindOf } from '../policy/error-kinds.js';
import type { ErrorKind } from '../policy/types.js';

export interface ModelCallErrorOptions {
  /** HTTP status, when the provider answered. */
  status?: number;
  /** Provider's Retry-After, ms. */
  retryAfterMs?: number;
  /** For `QuotaExhausted`: when the provider says access returns, epoch ms. */
  untilMs?: number;
  /** Usage already spent (e.g. an answer that failed format validation). */
  usage?: { inputTokens: number; outputTokens: number };
  /** The answer text the model did produce (a format failure's, a cut stream's), for reviewers and partial results. */
  text?: string;
  /** Why the repair of an answer that did not parse failed (`OutputFormatInvalid` with repair asked). */
  repairFailed?: string;
  cause?: unknown;
}

/** A failed model call, already classified into the error taxonomy. Thrown by adapters. */
export class ModelCallError extends Error {
  override readonly name = 'ModelCallError';
  readonly type: ErrorType;
  readonly kind: ErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly untilMs: number | undefined;
  readonly usage: { inputTokens: number; outputTokens: number } | undefined;
  readonly text: string | undefined;
  readonly repairFailed: string | undefined;

  constructor(type: ErrorType, message: string, options: ModelCallErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.type = type;
    this.kind = errorKindOf(type);
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.untilMs = options.untilMs;
    this.usage = options.usage;
    this.text = options.text;
    this.repairFailed = options.repairFailed;
  }
}
