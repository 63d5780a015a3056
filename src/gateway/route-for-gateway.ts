import type { RouteHandle } from '../client/router-client.js';
import type { RouteRequest } from '../policy/types.js';
import type { ChatCompletionOptions } from './chat-completions.js';
import { hangUpPolicyFor } from './client-hang-up.js';
import { GATEWAY_DEFAULTS, type GatewaySettings } from './gateway-settings.js';
import type { FinalOutcome, StreamRecovery } from './live-answer.js';
import { firstTaskPickedUp, outcomeWaitBoundMs, parkedForReview } from './outcome-wait-bounds.js';
import { type RenderedOutcome, renderOutcome } from './render-outcome.js';
import { routerFailure } from './router-failure.js';
import { startRoute } from './start-route.js';
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
 * Starts the routing workflow for one gateway request (with a live-stream ticket when `stream`; failing fast
 * without a worker and riding out Temporal restarts: start-route.ts) and begins the durable wait for its
 * outcome (wait-for-outcome.ts). Shared by every wire (Chat Completions, Responses) so outcome semantics live
 * in one place (render-outcome.ts). Throws a GatewayError when the request cannot be started.
 */
export async function routeForGateway(
  settings: GatewaySettings,
  relay: StreamRelay,
  request: RouteRequest,
  http: Request,
  options: ChatCompletionOptions & { stream: boolean },
): Promise<GatewayRouting> {
  const policy = settings.policy.policy;
  const signal = options.signal ?? http.signal;
  const live = options.stream ? relay.open() : null;
  const handle = await startRoute(settings, request, {
    readiness: options.readiness,
    signal,
    ...(options.caller ? { caller: options.caller } : {}),
    ...(live ? { stream: live.ticket } : {}),
  }).catch((error: unknown) => {
    live?.close();
    throw error;
  });
  // One controller for every way a client leaves (its connection closes; it stops reading a stream). A plain
  // listener, not AbortSignal.any: a composite of composites did not fire on Node 20 in the restart drill.
  const streamGone = new AbortController();
  if (signal.aborted) streamGone.abort(signal.reason);
  else signal.addEventListener('abort', () => streamGone.abort(signal.reason), { once: true });
  const reviewWaitMs = settings.reviewWaitMs ?? GATEWAY_DEFAULTS.reviewWaitMs;
  const slackMs = settings.outcomeWaitSlackMs ?? GATEWAY_DEFAULTS.outcomeWaitSlackMs;
  const outcome = waitForOutcome(handle, {
    signal: streamGone.signal,
    hangUp: hangUpPolicyFor(request.requestId),
    reviewWaitMs,
    ...(settings.parkCheckMs === undefined ? {} : { parkCheckMs: settings.parkCheckMs }),
    maxWaitMs: outcomeWaitBoundMs(policy, reviewWaitMs, slackMs),
    pollTimeoutMs: settings.pollTimeoutMs ?? GATEWAY_DEFAULTS.pollTimeoutMs,
    firstTaskTimeoutMs: settings.firstTaskTimeoutMs ?? GATEWAY_DEFAULTS.firstTaskTimeoutMs,
    firstTaskStarted: async () =>
      firstTaskPickedUp(await settings.client.workflow.getHandle(handle.workflowId).describe()),
    // The interim (pending-review) answer goes out as soon as the request parks: docs/gateway.md.
    parked: async () => parkedForReview(await settings.client.workflow.getHandle(handle.workflowId).describe()),
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
