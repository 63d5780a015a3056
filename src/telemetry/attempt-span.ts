import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SWITCHYARD_TRACER } from './tracing.js';

/** Name of the span around one model attempt (the provider call) in the callModel activity. */
export const ATTEMPT_SPAN_NAME = 'switchyard.model_attempt';

/** What is known when an attempt starts: labels only, never messages or keys. */
export interface AttemptSpanStart {
  /** Policy model key. */
  modelKey: string;
  /** Provider key in the policy; null when the worker's policy does not resolve it. */
  provider: string | null;
  /** The provider's model id (`gen_ai.request.model`); null when unresolved. */
  providerModel: string | null;
  role: string;
  /** 1-based attempt number within the request. */
  n: number;
  redacted: boolean;
}

/** How the attempt ended. */
export type AttemptSpanEnd =
  | { ok: true; inputTokens: number; outputTokens: number; costUsd: number; responseModel: string }
  | {
      ok: false;
      /** transient | permanent | policy-blocked | cancelled */
      errorKind: string;
      /** The taxonomy's error type (`Overloaded`, `RateLimited`, …); never the provider's message. */
      errorType: string;
      status: number | null;
      inputTokens: number;
      outputTokens: number;
      costUsd: number;
    };

/**
 * One span per model attempt, a child of Temporal's `RunActivity:callModel` span. Uses the globally
 * registered provider: without one (tracing not configured) it is a non-recording no-op.
 */
export function startAttemptSpan(start: AttemptSpanStart): AttemptSpan {
  const span = trace.getTracer(SWITCHYARD_TRACER).startSpan(ATTEMPT_SPAN_NAME, {
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'switchyard.model': start.modelKey,
      'switchyard.attempt.n': start.n,
      'switchyard.attempt.role': start.role,
      'switchyard.redacted': start.redacted,
      ...(start.provider === null ? {} : { 'switchyard.provider': start.provider }),
      ...(start.providerModel === null ? {} : { 'gen_ai.request.model': start.providerModel }),
    },
  });
  return new AttemptSpan(span);
}

/** The attempt's span; `end` records the outcome, usage and cost, once. */
export class AttemptSpan {
  constructor(private readonly span: Span) {}

  /** Runs `call` with this span active (the provider call's own spans, if any, become its children). */
  run<T>(call: () => Promise<T>): Promise<T> {
    return context.with(trace.setSpan(context.active(), this.span), call);
  }

  end(outcome: AttemptSpanEnd): void {
    if (!this.span.isRecording()) return;
    this.span.setAttributes({
      'switchyard.outcome': outcome.ok ? 'ok' : 'error',
      'gen_ai.usage.input_tokens': outcome.inputTokens,
      'gen_ai.usage.output_tokens': outcome.outputTokens,
      'switchyard.cost_usd': outcome.costUsd,
    });
    if (outcome.ok) {
      this.span.setAttribute('gen_ai.response.model', outcome.responseModel);
      this.span.setStatus({ code: SpanStatusCode.OK });
    } else {
      this.span.setAttributes({
        'switchyard.error_kind': outcome.errorKind,
        'error.type': outcome.errorType,
        ...(outcome.status === null ? {} : { 'http.response.status_code': outcome.status }),
      });
      // The type, not the message: provider messages are outside our control.
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.errorType });
    }
    this.span.end();
  }
}
