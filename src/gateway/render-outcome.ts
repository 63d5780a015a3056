import type { Policy } from '../policy/schema.js';
import type { RouteResult } from '../policy/types.js';
import { answerFromResult, type GatewayAnswer, pendingReviewAnswer } from './gateway-answer.js';
import { GatewayError } from './openai-error.js';
import type { WaitOutcome } from './wait-for-outcome.js';

/**
 * HTTP statuses of answers, so standard clients can tell outcomes apart without reading `x-switchyard-*`:
 * 200 a model's (or a reviewer's) answer; 202 accepted and parked for a person (the body is the safe message;
 * the workflow goes on); 203 the safe message instead of a model answer (degraded, declined by a reviewer,
 * or a policy-blocked request on a route whose `blockedReply` is `message`).
 */
export type AnswerStatus = 200 | 202 | 203;

/** How a request's outcome goes back to the client: an answer with its status, or an OpenAI-style error. */
export type RenderedOutcome =
  | { kind: 'answer'; answer: GatewayAnswer; status: AnswerStatus }
  | { kind: 'error'; error: GatewayError };

/**
 * The client's view of a finished (or parked) request. Rejected requests are 400 `request_rejected`; a
 * request a provider refused on content grounds is 400 `content_policy_violation` unless its route's
 * `blockedReply` is `message` (then 203 with `finish_reason: content_filter`). See docs/gateway.md.
 */
export function renderOutcome(
  outcome: Exclude<WaitOutcome, { kind: 'client-gone' }>,
  policy: Policy,
  workflowId: string,
  receivedAt: number,
): RenderedOutcome {
  const elapsedMs = performance.now() - receivedAt;
  if (outcome.kind === 'pending-review') {
    const { status } = outcome;
    const costUsd = status.attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0);
    const answer = pendingReviewAnswer(workflowId, status.route, status.attempts.length, costUsd, policy, elapsedMs);
    return { kind: 'answer', answer, status: 202 };
  }
  const { result } = outcome;
  if (result.outcome === 'rejected') return { kind: 'error', error: rejection(result).forWorkflow(workflowId) };
  const answer = answerFromResult(result, policy, elapsedMs);
  if (result.finish === 'content-filter' && blockedReply(policy, result.route) === 'error') {
    return { kind: 'error', error: contentPolicyViolation(result).forWorkflow(workflowId) };
  }
  const modelAnswer = result.outcome !== 'degraded' && result.answer !== null;
  return { kind: 'answer', answer, status: modelAnswer ? 200 : 203 };
}

/** What a route answers through the gateway when a provider refused on content grounds. @default 'error' */
function blockedReply(policy: Policy, route: string | null): 'error' | 'message' {
  return policy.routes.find((candidate) => candidate.name === route)?.blockedReply ?? 'error';
}

function rejection(result: RouteResult): GatewayError {
  const reason = result.trail.findLast((entry) => entry.step === 'reject')?.reason ?? 'rejected by the policy';
  return new GatewayError(400, `request rejected: ${reason}`, 'invalid_request_error', null, 'request_rejected');
}

function contentPolicyViolation(result: RouteResult): GatewayError {
  const blocked = result.attempts.findLast((attempt) => attempt.errorKind === 'policy-blocked');
  const by = blocked ? ` by ${blocked.model}` : '';
  return new GatewayError(
    400,
    `the request was refused${by} under a content policy; it was not sent to another model`,
    'invalid_request_error',
    null,
    'content_policy_violation',
  );
}
