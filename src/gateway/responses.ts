import type { AnswerEvent } from './answer-events.js';
import { type ChatCompletionOptions, CLIENT_CLOSED } from './chat-completions.js';
import { firstEvent, withFirst } from './first-event.js';
import { switchyardHeaders } from './gateway-answer.js';
import { GATEWAY_DEFAULTS, type GatewaySettings } from './gateway-settings.js';
import { liveAnswerEvents } from './live-answer.js';
import { requestIdFromHeaders } from './request-id-header.js';
import { type ResponseFrame, responseFrame, responseObject } from './responses-body.js';
import { renderResponsesStream } from './responses-stream.js';
import { responsesToRouteRequest } from './responses-to-route-request.js';
import { routeForGateway, streamRecovery } from './route-for-gateway.js';
import { SSE_HEADERS, SseWriter } from './sse-stream.js';
import type { StreamRelay } from './stream-relay.js';

/**
 * Handles one `POST /v1/responses` whose body has been read: the same routing, live streaming, waiting and
 * outcome handling as chat completions (route-for-gateway.ts, render-outcome.ts), rendered as a Responses
 * `response` object or its SSE event sequence. Throws GatewayError before any routing.
 */
export async function handleResponses(
  settings: GatewaySettings,
  relay: StreamRelay,
  body: unknown,
  request: Request,
  options: ChatCompletionOptions,
): Promise<Response> {
  const call = responsesToRouteRequest(body, settings.policy.policy, requestIdFromHeaders(request.headers));
  const { handle, live, outcome, streamGone } = await routeForGateway(settings, relay, call.request, request, {
    ...options,
    stream: call.stream,
  });
  const frame = responseFrame(handle.workflowId, call.model, Math.floor(Date.now() / 1000), call.echo);
  if (call.stream) {
    const events = liveAnswerEvents({ relay: live, outcome, recovery: streamRecovery(settings, request) });
    const iterator = events[Symbol.asyncIterator]();
    // As for chat completions: an outcome known before the first token gets its own status.
    const first = await firstEvent(iterator, settings.streamHeadersWithinMs ?? GATEWAY_DEFAULTS.streamHeadersWithinMs);
    const now = first.kind === 'now' ? first.event : null;
    if (now?.kind === 'error') {
      void iterator.return?.(undefined);
      throw now.error.forWorkflow(handle.workflowId);
    }
    const status = now?.kind === 'end' ? (now.status ?? 200) : 200;
    return streamResponse(settings, handle.workflowId, frame, withFirst(first, iterator), status, () =>
      streamGone.abort(),
    );
  }
  const final = await outcome;
  if (final.kind === 'client-gone') return new Response(null, { status: CLIENT_CLOSED });
  if (final.kind === 'error') throw final.error;
  return Response.json(responseObject(frame, final.answer), {
    status: final.status,
    headers: switchyardHeaders(final.answer.meta),
  });
}

/**
 * Streams the Responses event sequence: `response.created` at once, SSE comments while nothing else is
 * sent, the answer's events as the model produces them (or whole, once validated), and the final event.
 */
function streamResponse(
  settings: GatewaySettings,
  workflowId: string,
  frame: ResponseFrame,
  events: AsyncIterable<AnswerEvent>,
  status: number,
  onClientGone: () => void,
): Response {
  let keepAlive: NodeJS.Timeout | undefined;
  const writer = new SseWriter(() => {
    clearInterval(keepAlive);
    onClientGone();
  });
  writer.comment(`switchyard ${workflowId}`);
  keepAlive = setInterval(() => writer.comment('keep-alive'), settings.keepAliveMs ?? GATEWAY_DEFAULTS.keepAliveMs);
  void renderResponsesStream(events, frame, writer)
    .catch((error: unknown) => settings.logger?.error({ err: error }, 'responses stream failed'))
    .finally(() => {
      clearInterval(keepAlive);
      writer.close();
    });
  return new Response(writer.stream, {
    status,
    headers: {
      ...SSE_HEADERS,
      'x-switchyard-workflow-id': workflowId,
      'x-switchyard-policy-version': settings.policy.policy.version,
    },
  });
}
