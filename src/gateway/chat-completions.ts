import type { CallerCredential } from '../client/router-client.js';
import { chatStreamResponse } from './chat-stream.js';
import { completionBody } from './completion-body.js';
import { switchyardHeaders } from './gateway-answer.js';
import { GATEWAY_DEFAULTS, type GatewaySettings } from './gateway-settings.js';
import { liveAnswerEvents } from './live-answer.js';
import type { ReadinessProbe } from './readiness-probe.js';
import { requestIdFromHeaders } from './request-id-header.js';
import { routeForGateway, streamRecovery } from './route-for-gateway.js';
import type { StreamRelay } from './stream-relay.js';
import { toRouteRequest } from './to-route-request.js';

/** Status sent (to nobody) when the client disconnected before the answer. */
export const CLIENT_CLOSED = 499;

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
  relay: StreamRelay,
  body: unknown,
  request: Request,
  options: ChatCompletionOptions,
): Promise<Response> {
  const call = toRouteRequest(body, settings.policy.policy, requestIdFromHeaders(request.headers));
  const { handle, live, outcome, streamGone } = await routeForGateway(settings, relay, call.request, request, {
    ...options,
    stream: call.stream,
  });
  if (call.stream) {
    const events = liveAnswerEvents({ relay: live, outcome, recovery: streamRecovery(settings, request) });
    return chatStreamResponse(events, {
      workflowId: handle.workflowId,
      policyVersion: settings.policy.policy.version,
      requestedModel: call.requestedModel,
      includeUsage: call.includeUsage,
      keepAliveMs: settings.keepAliveMs ?? GATEWAY_DEFAULTS.keepAliveMs,
      headersWithinMs: settings.streamHeadersWithinMs ?? GATEWAY_DEFAULTS.streamHeadersWithinMs,
      onClientGone: () => streamGone.abort(),
    });
  }
  const final = await outcome;
  if (final.kind === 'client-gone') return new Response(null, { status: CLIENT_CLOSED });
  if (final.kind === 'error') throw final.error;
  return Response.json(completionBody(final.answer, Math.floor(Date.now() / 1000)), {
    status: final.status,
    headers: switchyardHeaders(final.answer.meta),
  });
}
