import type { Rollout } from '../policy/canary-slice.js';
import type { DegradeMode } from '../policy/degrade-schema.js';
import type { Policy } from '../policy/schema.js';
import type { FinishKind, Outcome, RouteResult, ToolCall } from '../policy/types.js';

/** The router's outcome as the gateway reports it: the workflow's, or `pending-review` (still waiting). */
export type GatewayOutcome = Outcome | 'pending-review';

/** `model` values of responses that no policy model answered. */
export const SYNTHETIC_MODELS = {
  degraded: 'switchyard/degraded',
  pendingReview: 'switchyard/pending-review',
  human: 'switchyard/human',
  declined: 'switchyard/declined',
} as const;

/** Routing facts sent with every gateway answer (extra `switchyard` field and `x-switchyard-*` headers). */
export interface SwitchyardMeta {
  workflowId: string;
  outcome: GatewayOutcome;
  route: string | null;
  /** Policy model key that answered, or null. */
  model: string | null;
  /** Model attempts made so far. */
  attempts: number;
  costUsd: number;
  /** Gateway wall time minus the answering attempt's model time, ms (all of it when no model answered). */
  overheadMs: number;
  policyVersion: string;
  /** Which configured version decided and why (docs/policy-rollout.md); absent while pending or on older results. */
  rollout?: Rollout;
  /** How a degraded request was answered under its route's `degrade` mode (docs/failover.md#degrade-modes). */
  degradeMode?: DegradeMode;
  /** The content is a validated partial answer (degrade mode `partial`). */
  partial?: boolean;
}

/** What the gateway sends back for a finished (or parked) request, before wire formatting. */
export interface GatewayAnswer {
  content: string;
  /** OpenAI's `finish_reason`: `stop`, `length` (cut at the cap), `tool_calls`, `content_filter`. */
  finishReason: OpenAIFinishReason;
  /** Tool calls the model asked for (`finishReason` `tool_calls`); empty otherwise. */
  toolCalls: ToolCall[];
  /** Response `model`: the answering policy model key, or one of SYNTHETIC_MODELS. */
  responseModel: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  meta: SwitchyardMeta;
}

/** `finish_reason` values of OpenAI's wire. */
export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** The wire's finish reason for a router finish (null and older results: `stop`). */
export function openAIFinishReason(finish: FinishKind | null | undefined): OpenAIFinishReason {
  switch (finish) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** The degrade message that applies to a route (the route's own, else the policy default). */
export function degradeMessageFor(policy: Policy, route: string | null): string {
  const config = policy.routes.find((candidate) => candidate.name === route);
  return config?.degradeMessage ?? policy.defaults.degradeMessage;
}

/**
 * Turns a workflow result into the gateway's answer. Call only for non-rejected outcomes (rejections are
 * 400 errors). A reviewer's reject returns the degrade message with model `switchyard/declined`.
 */
export function answerFromResult(result: RouteResult, policy: Policy, elapsedMs: number): GatewayAnswer {
  const answering =
    result.model === null
      ? undefined
      : result.attempts.findLast((attempt) => attempt.ok && attempt.model === result.model);
  const responseModel =
    result.outcome === 'degraded'
      ? SYNTHETIC_MODELS.degraded
      : result.answer === null
        ? SYNTHETIC_MODELS.declined
        : (result.model ?? SYNTHETIC_MODELS.human);
  const content = result.answer ?? degradeMessageFor(policy, result.route);
  const input = result.usage?.inputTokens ?? 0;
  const output = result.usage?.outputTokens ?? 0;
  return {
    content,
    finishReason: openAIFinishReason(result.finish),
    toolCalls: result.toolCalls ?? [],
    responseModel,
    usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
    meta: {
      workflowId: result.workflowId,
      outcome: result.outcome,
      route: result.route,
      model: result.model,
      attempts: result.attempts.length,
      costUsd: result.costUsd,
      overheadMs: Math.max(0, Math.round(elapsedMs - (answering?.latencyMs ?? 0))),
      policyVersion: result.policyVersion ?? policy.version,
      ...(result.rollout ? { rollout: result.rollout } : {}),
      ...(result.degradeMode ? { degradeMode: result.degradeMode } : {}),
      ...(result.partial ? { partial: true } : {}),
    },
  };
}

/** The answer for a request still waiting for a person: the degrade message and the workflow id. */
export function pendingReviewAnswer(
  workflowId: string,
  route: string | null,
  attempts: number,
  costUsd: number,
  policy: Policy,
  elapsedMs: number,
): GatewayAnswer {
  return {
    content: degradeMessageFor(policy, route),
    finishReason: 'stop',
    toolCalls: [],
    responseModel: SYNTHETIC_MODELS.pendingReview,
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    meta: {
      workflowId,
      outcome: 'pending-review',
      route,
      model: null,
      attempts,
      costUsd,
      overheadMs: Math.round(elapsedMs),
      policyVersion: policy.version,
    },
  };
}

/** `x-switchyard-*` response headers for an answer. */
export function switchyardHeaders(meta: SwitchyardMeta): Record<string, string> {
  return {
    'x-switchyard-workflow-id': meta.workflowId,
    'x-switchyard-route': meta.route ?? 'none',
    'x-switchyard-outcome': meta.outcome,
    'x-switchyard-attempts': String(meta.attempts),
    'x-switchyard-model': meta.model ?? 'none',
    'x-switchyard-overhead-ms': String(meta.overheadMs),
    'x-switchyard-cost-usd': String(meta.costUsd),
    'x-switchyard-policy-version': meta.policyVersion,
    ...(meta.rollout
      ? {
          'x-switchyard-rollout-role': meta.rollout.role,
          'x-switchyard-rollout-reason': headerSafe(meta.rollout.reason),
        }
      : {}),
    ...(meta.degradeMode ? { 'x-switchyard-degrade-mode': meta.degradeMode } : {}),
    ...(meta.partial ? { 'x-switchyard-partial': 'true' } : {}),
  };
}

/** Printable ASCII only (a header value), at most 300 characters. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 300);
}
