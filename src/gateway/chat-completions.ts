import type { CallerCredential } from '../client/router-client.js';
import { chatStreamResponse } from './chat-stream.js';
import { completionBody } from './completion-body.js';
import { switchyardHeaders } from './gateway-answer.js';
import { GATEWAY_DEFAULTS, type GatewaySettings } from './gateway-settings.js';
import { type FinalOutcome, liveAnswerEvents, type StreamRecovery } from './live-answer.js';
import { type RenderedOutcome, renderOutcome } from './render-outcome.js';
import { requestIdFromHeaders } from './request-id-header.js';
import { routerFailure } from './router-failure.js';
import type { StreamRelay } from './stream-relay.js';
import { toRouteRequest } from './to-route-request.js';
import { waitForOutcome } from './wait-for-outcome.js';

/** Status sent (to nobody) when the client disconnected before the answer. */
const CLIENT_CLOSED = 499;

/** Per-request facts the HTTP layer established before the body was handled. */
export interface ChatCompletionOptions {
  /** `performance.now()` when the request arrived, ms. */
  receivedAt: number;
  /** The authenticated API key's name and the key itself; absent when the gateway has no keys. */
  caller?: CallerCredential;
}

/** Handles one `POST /v1/chat/completions` whose body has been read. Throws GatewayError before any routing. */
export async function handleChatCompletion(
  settings: GatewaySettings,
  relay: StreamRelay,
  body: unknown,
  request: Request,
  options: ChatCompletionOptions,
): Promise<Response> {
  const policy = settings.policy.policy;
  const { receivedAt, caller } = options;
  const call = toRouteRequest(body, policy, requestIdFromHeaders(request.headers));
  const live = call.stream ? relay.open() : null;
  const startTimeoutMs = settings.startTimeoutMs ?? GATEWAY_DEFAULTS.startTimeoutMs;
  const handle = await settings.client
    .withDeadline(Date.now() + startTimeoutMs, () =>
      settings.router.start(call.request, { ...(caller ? { caller } : {}), ...(live ? { stream: live.ticket } : {}) }),
    )
    .catch((error: unknown) => {
      live?.close();
      throw routerFailure(error);
    });
  const streamGone = new AbortController();
  const outcome = (): Promise<FinalOutcome> =>
    waitForOutcome(handle, {
      signal: AbortSignal.any([request.signal, streamGone.signal]),
      reviewWaitMs: settings.reviewWaitMs ?? GATEWAY_DEFAULTS.reviewWaitMs,
      onCancel: (error) =>
        settings.logger?.info(
          { workflowId: handle.workflowId, cancelError: error ? String(error) : undefined },
          'client gone: request cancelled',
        ),
    }).then(
      (waited) => {
        if (waited.kind === 'client-gone') return waited;
        const rendered = renderOutcome(waited, policy, handle.workflowId, receivedAt);
        log(settings, rendered);
        return rendered;
      },
      (error: unknown) => ({ kind: 'error' as const, error: routerFailure(error).forWorkflow(handle.workflowId) }),
    );
  if (call.stream) {
    const events = liveAnswerEvents({ relay: live, outcome: outcome(), recovery: streamRecovery(settings, request) });
    return chatStreamResponse(events, {
      workflowId: handle.workflowId,
      policyVersion: policy.version,
      requestedModel: call.requestedModel,
      includeUsage: call.includeUsage,
      keepAliveMs: settings.keepAliveMs ?? GATEWAY_DEFAULTS.keepAliveMs,
      headersWithinMs: settings.streamHeadersWithinMs ?? GATEWAY_DEFAULTS.streamHeadersWithinMs,
      onClientGone: () => streamGone.abort(),
    });
  }
  const final = await outcome();
  if (final.kind === 'client-gone') return new Response(null, { status: CLIENT_CLOSED });
  if (final.kind === 'error') throw final.error;
  return Response.json(completionBody(final.answer, nowSeconds()), {
    status: final.status,
    headers: switchyardHeaders(final.answer.meta),
  });
}

/** The gateway's mid-stream recovery, or the request's `x-switchyard-stream-recovery` header when valid. */
function streamRecovery(settings: GatewaySettings, request: Request): StreamRecovery {
  const asked = request.headers.get('x-switchyard-stream-recovery');
  if (asked === 'restart' || asked === 'error') return asked;
  return settings.streamRecovery ?? GATEWAY_DEFAULTS.streamRecovery;
}

function log(settings: GatewaySettings, rendered: RenderedOutcome): void {
  if (rendered.kind === 'answer') settings.logger?.info(rendered.answer.meta, 'gateway request answered');
  else
    settings.logger?.info(
      { workflowId: rendered.error.workflowId, code: rendered.error.code },
      'gateway request refused',
    );
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
