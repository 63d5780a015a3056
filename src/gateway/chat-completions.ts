import type { CallerCredential, RouteHandle } from '../client/router-client.js';
import type { Policy } from '../policy/schema.js';
import type { RouteResult } from '../policy/types.js';
import { hangUpPolicyFor } from './client-hang-up.js';
import { completionBody, completionChunks } from './completion-body.js';
import { answerFromResult, type GatewayAnswer, pendingReviewAnswer, switchyardHeaders } from './gateway-answer.js';
import { GATEWAY_DEFAULTS, type GatewaySettings } from './gateway-settings.js';
import { GatewayError } from './openai-error.js';
import { firstTaskPickedUp, outcomeWaitBoundMs } from './outcome-wait-bounds.js';
import type { ReadinessProbe } from './readiness-probe.js';
import { requestIdFromHeaders } from './request-id-header.js';
import { routerFailure } from './router-failure.js';
import { SSE_HEADERS, SseWriter } from './sse-stream.js';
import { startRoute } from './start-route.js';
import { type GatewayCall, toRouteRequest } from './to-route-request.js';
import { type WaitOutcome, waitForOutcome } from './wait-for-outcome.js';

/** Status sent (to nobody) when the client disconnected before the answer. */
const CLIENT_CLOSED = 499;

/** Per-request facts the HTTP layer established before the body was handled. */
export interface ChatCompletionOptions {
  /** `performance.now()` when the request arrived, ms. */
  receivedAt: number;
  /** The authenticated API key's name and the key itself; absent when the gateway has no keys. */
  caller?: CallerCredential;
  /** Aborts when the client hangs up (`clientGoneSignal`). @default the request's own signal */
  signal?: AbortSignal;
  /** The gateway's readiness probe (no polling worker: 503 `no_worker` before anything starts). */
  readiness: ReadinessProbe;
}

/** Handles one `POST /v1/chat/completions` whose body has been read. Throws GatewayError before any routing. */
export async function handleChatCompletion(
  settings: GatewaySettings,
  body: unknown,
  request: Request,
  options: ChatCompletionOptions,
): Promise<Response> {
  const policy = settings.policy.policy;
  const { receivedAt, caller } = options;
  const signal = options.signal ?? request.signal;
  const idempotencyKey = requestIdFromHeaders(request.headers);
  const call = toRouteRequest(body, policy, idempotencyKey);
  const handle = await startRoute(settings, call.request, {
    readiness: options.readiness,
    signal,
    ...(caller ? { caller } : {}),
  });
  const reviewWaitMs = settings.reviewWaitMs ?? GATEWAY_DEFAULTS.reviewWaitMs;
  const slackMs = settings.outcomeWaitSlackMs ?? GATEWAY_DEFAULTS.outcomeWaitSlackMs;
  const hangUp = hangUpPolicyFor(idempotencyKey);
  const wait = () =>
    waitForOutcome(handle, {
      signal,
      hangUp,
      reviewWaitMs,
      maxWaitMs: outcomeWaitBoundMs(policy, reviewWaitMs, slackMs),
      pollTimeoutMs: settings.pollTimeoutMs ?? GATEWAY_DEFAULTS.pollTimeoutMs,
      firstTaskTimeoutMs: settings.firstTaskTimeoutMs ?? GATEWAY_DEFAULTS.firstTaskTimeoutMs,
      firstTaskStarted: async () =>
        firstTaskPickedUp(await settings.client.workflow.getHandle(handle.workflowId).describe()),
      onCancel: (error) =>
        settings.logger?.info(
          { workflowId: handle.workflowId, cancelError: error ? String(error) : undefined },
          'client gone: request cancelled',
        ),
      onReconnect: (error, attempt) =>
        settings.logger?.warn(
          { workflowId: handle.workflowId, attempt, err: String(error) },
          'lost the connection while waiting: polling again',
        ),
    });
  if (call.stream) return streamAnswer(settings, call, handle, wait, receivedAt);
  const outcome = await wait().catch((error: unknown) => {
    throw withWorkflowId(routerFailure(error), handle.workflowId);
  });
  if (outcome.kind === 'client-gone') return new Response(null, { status: CLIENT_CLOSED });
  const answer = toAnswer(outcome, policy, handle.workflowId, receivedAt);
  log(settings, answer);
  return Response.json(completionBody(answer, nowSeconds()), { headers: switchyardHeaders(answer.meta) });
}

/**
 * Streams an answer the workflow has already validated: SSE comments while it is routed, then the whole
 * answer split into chunks, `[DONE]`. Routing facts ride in the first chunk's `switchyard` field; headers
 * carry only the workflow id (they leave before the outcome is known).
 */
function streamAnswer(
  settings: GatewaySettings,
  call: GatewayCall,
  handle: RouteHandle,
  wait: () => Promise<WaitOutcome>,
  receivedAt: number,
): Response {
  const policy = settings.policy.policy;
  let keepAlive: NodeJS.Timeout | undefined;
  const writer = new SseWriter(() => clearInterval(keepAlive));
  writer.comment(`switchyard ${handle.workflowId}`);
  keepAlive = setInterval(() => writer.comment('keep-alive'), settings.keepAliveMs ?? GATEWAY_DEFAULTS.keepAliveMs);
  void (async () => {
    try {
      const outcome = await wait();
      clearInterval(keepAlive);
      if (outcome.kind === 'client-gone') return writer.close();
      const answer = toAnswer(outcome, policy, handle.workflowId, receivedAt);
      log(settings, answer);
      for (const chunk of completionChunks(answer, nowSeconds(), call.includeUsage)) writer.data(chunk);
      writer.done();
    } catch (error) {
      clearInterval(keepAlive);
      writer.error(routerFailure(error).toBody());
    }
  })();
  return new Response(writer.stream, {
    headers: {
      ...SSE_HEADERS,
      'x-switchyard-workflow-id': handle.workflowId,
      'x-switchyard-policy-version': policy.version,
    },
  });
}

/** The answer for a finished or parked request; a rejected request becomes a 400 error. */
function toAnswer(
  outcome: Exclude<WaitOutcome, { kind: 'client-gone' }>,
  policy: Policy,
  workflowId: string,
  receivedAt: number,
): GatewayAnswer {
  const elapsedMs = performance.now() - receivedAt;
  if (outcome.kind === 'pending-review') {
    const { status } = outcome;
    const costUsd = status.attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0);
    return pendingReviewAnswer(workflowId, status.route, status.attempts.length, costUsd, policy, elapsedMs);
  }
  if (outcome.result.outcome === 'rejected') throw withWorkflowId(rejection(outcome.result), workflowId);
  return answerFromResult(outcome.result, policy, elapsedMs);
}

function rejection(result: RouteResult): GatewayError {
  const reason = result.trail.findLast((entry) => entry.step === 'reject')?.reason ?? 'rejected by the policy';
  return new GatewayError(400, `request rejected: ${reason}`, 'invalid_request_error', null, 'request_rejected');
}

/** Error responses after the workflow started carry its id, so the caller can audit it. */
function withWorkflowId(error: GatewayError, workflowId: string): GatewayError {
  return error.forWorkflow(workflowId);
}

function log(settings: GatewaySettings, answer: GatewayAnswer): void {
  settings.logger?.info(answer.meta, 'gateway request answered');
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
