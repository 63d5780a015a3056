import type { RouteHandle } from '../client/router-client.js';
import type { AnswerEvent } from './answer-events.js';
import { bufferedAnswerEvents } from './answer-to-events.js';
import { type ChatCompletionOptions, toAnswer, withWorkflowId } from './chat-completions.js';
import { type GatewayAnswer, switchyardHeaders } from './gateway-answer.js';
import { GATEWAY_DEFAULTS, type GatewaySettings } from './gateway-settings.js';
import { requestIdFromHeaders } from './request-id-header.js';
import { type ResponseFrame, responseFrame, responseObject } from './responses-body.js';
import { renderResponsesStream } from './responses-stream.js';
import { responsesToRouteRequest } from './responses-to-route-request.js';
import { routerFailure } from './router-failure.js';
import { SSE_HEADERS, SseWriter } from './sse-stream.js';
import { type WaitOutcome, waitForOutcome } from './wait-for-outcome.js';

/** Status sent (to nobody) when the client disconnected before the answer. */
const CLIENT_CLOSED = 499;

/**
 * Handles one `POST /v1/responses` whose body has been read: the same routing, waiting and outcome handling
 * as chat completions (a rejected request is a 400, a parked one answers as pending review), rendered as a
 * Responses `response` object or its SSE event sequence. Throws GatewayError before any routing.
 */
export async function handleResponses(
  settings: GatewaySettings,
  body: unknown,
  request: Request,
  options: ChatCompletionOptions,
): Promise<Response> {
  const policy = settings.policy.policy;
  const { receivedAt, caller } = options;
  const call = responsesToRouteRequest(body, policy, requestIdFromHeaders(request.headers));
  const startTimeoutMs = settings.startTimeoutMs ?? GATEWAY_DEFAULTS.startTimeoutMs;
  const handle = await settings.client
    .withDeadline(Date.now() + startTimeoutMs, () => settings.router.start(call.request, caller ? { caller } : {}))
    .catch((error: unknown) => {
      throw routerFailure(error);
    });
  const wait = () =>
    waitForOutcome(handle, {
      signal: request.signal,
      reviewWaitMs: settings.reviewWaitMs ?? GATEWAY_DEFAULTS.reviewWaitMs,
      onCancel: (error) =>
        settings.logger?.info(
          { workflowId: handle.workflowId, cancelError: error ? String(error) : undefined },
          'client gone: request cancelled',
        ),
    });
  const frame = responseFrame(handle.workflowId, call.model, Math.floor(Date.now() / 1000), call.echo);
  if (call.stream) return streamResponse(settings, handle, frame, wait, receivedAt);
  const outcome = await wait().catch((error: unknown) => {
    throw withWorkflowId(routerFailure(error), handle.workflowId);
  });
  if (outcome.kind === 'client-gone') return new Response(null, { status: CLIENT_CLOSED });
  const answer = responsesAnswer(settings, outcome, handle.workflowId, receivedAt);
  return Response.json(responseObject(frame, answer), { headers: switchyardHeaders(answer.meta) });
}

/**
 * Streams the Responses event sequence: `response.created` at once, SSE comments while the request is
 * routed, then the answer's events (today the finished result, split into pieces) and the final event.
 */
function streamResponse(
  settings: GatewaySettings,
  handle: RouteHandle,
  frame: ResponseFrame,
  wait: () => Promise<WaitOutcome>,
  receivedAt: number,
): Response {
  let keepAlive: NodeJS.Timeout | undefined;
  const writer = new SseWriter(() => clearInterval(keepAlive));
  writer.comment(`switchyard ${handle.workflowId}`);
  keepAlive = setInterval(() => writer.comment('keep-alive'), settings.keepAliveMs ?? GATEWAY_DEFAULTS.keepAliveMs);
  async function* events(): AsyncGenerator<AnswerEvent> {
    try {
      const outcome = await wait();
      clearInterval(keepAlive);
      if (outcome.kind === 'client-gone') return;
      yield* bufferedAnswerEvents(responsesAnswer(settings, outcome, handle.workflowId, receivedAt));
    } catch (error) {
      clearInterval(keepAlive);
      yield { kind: 'error', error: routerFailure(error) };
    }
  }
  void renderResponsesStream(events(), frame, writer)
    .catch((error: unknown) => settings.logger?.error({ err: error }, 'responses stream failed'))
    .finally(() => {
      clearInterval(keepAlive);
      writer.close();
    });
  return new Response(writer.stream, {
    headers: {
      ...SSE_HEADERS,
      'x-switchyard-workflow-id': handle.workflowId,
      'x-switchyard-policy-version': settings.policy.policy.version,
    },
  });
}

/**
 * The answer of a finished or parked request, as chat completions renders it (one helper, so outcome
 * semantics change in one place); a rejected request throws its 400.
 */
function responsesAnswer(
  settings: GatewaySettings,
  outcome: Exclude<WaitOutcome, { kind: 'client-gone' }>,
  workflowId: string,
  receivedAt: number,
): GatewayAnswer {
  const answer = toAnswer(outcome, settings.policy.policy, workflowId, receivedAt);
  settings.logger?.info(answer.meta, 'gateway request answered');
  return answer;
}
