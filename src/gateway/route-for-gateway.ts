import type { CallerCredential, RouteHandle } from '../client/router-client.js';
import type { RouteRequest } from '../policy/types.js';
import { GATEWAY_DEFAULTS, type GatewaySettings } from './gateway-settings.js';
import type { FinalOutcome, StreamRecovery } from './live-answer.js';
import { type RenderedOutcome, renderOutcome } from './render-outcome.js';
import { routerFailure } from './router-failure.js';
import type { RelayStream, StreamRelay } from './stream-relay.js';
import { waitForOutcome } from './wait-for-outcome.js';

/** A gateway request handed to the router: its workflow, its live stream (if streamed) and its outcome. */
export interface GatewayRouting {
  handle: RouteHandle;
  /** The request's live stream from workers; null when not streamed or the gateway has no reachable URL. */
  live: RelayStream | null;
  /** The outcome, rendered for the client (answer with its status, or an error), or the client gone. Never rejects. */
  outcome: Promise<FinalOutcome>;
  /** Abort when the client stops reading a streamed response (counts as a hang-up). */
  streamGone: AbortController;
}

/**
 * Starts the routing workflow for one gateway request (with a live-stream ticket when `stream`) and begins
 * waiting for its outcome. Shared by every wire (Chat Completions, Responses) so outcome semantics live in
 * one place (render-outcome.ts). Throws a GatewayError when the request cannot be started.
 */
export async function routeForGateway(
  settings: GatewaySettings,
  relay: StreamRelay,
  request: RouteRequest,
  http: Request,
  options: { receivedAt: number; caller?: CallerCredential; stream: boolean },
): Promise<GatewayRouting> {
  const policy = settings.policy.policy;
  const live = options.stream ? relay.open() : null;
  const startTimeoutMs = settings.startTimeoutMs ?? GATEWAY_DEFAULTS.startTimeoutMs;
  const handle = await settings.client
    .withDeadline(Date.now() + startTimeoutMs, () =>
      settings.router.start(request, {
        ...(options.caller ? { caller: options.caller } : {}),
        ...(live ? { stream: live.ticket } : {}),
      }),
    )
    .catch((error: unknown) => {
      live?.close();
      throw routerFailure(error);
    });
  const streamGone = new AbortController();
  const outcome = waitForOutcome(handle, {
    signal: AbortSignal.any([http.signal, streamGone.signal]),
    reviewWaitMs: settings.reviewWaitMs ?? GATEWAY_DEFAULTS.reviewWaitMs,
    onCancel: (error) =>
      settings.logger?.info(
        { workflowId: handle.workflowId, cancelError: error ? String(error) : undefined },
        'client gone: request cancelled',
      ),
  }).then(
    (waited): FinalOutcome => {
      if (waited.kind === 'client-gone') return waited;
      const rendered = renderOutcome(waited, policy, handle.workflowId, options.receivedAt);
      log(settings, rendered);
      return rendered;
    },
    (error: unknown): FinalOutcome => ({ kind: 'error', error: routerFailure(error).forWorkflow(handle.workflowId) }),
  );
  return { handle, live, outcome, streamGone };
}

/** The gateway's mid-stream recovery, or the request's `x-switchyard-stream-recovery` header when valid. */
export function streamRecovery(settings: GatewaySettings, request: Request): StreamRecovery {
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
