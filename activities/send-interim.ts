import { ApplicationFailure, Context } from '@temporalio/activity';
import type { StreamTicket } from '../src/policy/stream-ticket.js';
import type { StreamLine } from '../src/streaming/stream-protocol.js';
import { sinkAllowed, streamSinksFromEnv } from '../src/streaming/stream-sinks.js';
import type { ActivityDeps } from './deps.js';
import { postWebhook, webhookHeaders } from './signed-webhook.js';

/** Per-attempt limit of one delivery, ms. */
const DELIVERY_TIMEOUT_MS = 10_000;

/** Input of sendInterim: the message and exactly one place to send it (docs/streaming.md#interim-messages). */
export interface SendInterimInput {
  workflowId: string;
  route: string;
  message: string;
  /** The streaming client's gateway stream (the request's ticket). @default none */
  stream?: StreamTicket | null;
  /** The route's interim webhook, for requests that do not stream. @default none */
  webhook?: { url: string; signingSecretEnv: string | null } | null;
}

/**
 * Tells a waiting client that the answer takes longer: one `interim` line on the gateway's stream (the same
 * capability URL and token the answer streams with, only to sinks the worker allows), or a POST of
 * `{event: 'request.interim', workflowId, route, message}` to the route's webhook, HMAC-signed when a secret is
 * configured. Never request text. Failures are retried by Temporal; a gone stream is not.
 */
export function createSendInterim(deps: ActivityDeps) {
  const env = deps.env ?? process.env;
  const sinks = deps.streamSinks ?? streamSinksFromEnv(env);
  return async function sendInterim(
    input: SendInterimInput,
  ): Promise<{ channel: 'stream' | 'webhook'; status: number }> {
    const signal = AbortSignal.any([Context.current().cancellationSignal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]);
    if (input.stream) {
      if (!sinkAllowed(input.stream.url, sinks)) {
        throw ApplicationFailure.nonRetryable(
          'stream sink not allowed by SWITCHYARD_STREAM_SINKS',
          'ProviderMisconfigured',
        );
      }
      const line: StreamLine = { type: 'interim', message: input.message };
      const headers = { authorization: `Bearer ${input.stream.token}`, 'content-type': 'application/x-ndjson' };
      const response = await postWebhook(input.stream.url, `${JSON.stringify(line)}\n`, headers, signal, [404]);
      // 404: the client's request has ended (answered or gone), so the message has no one to reach.
      if (response === 404) throw ApplicationFailure.nonRetryable('the stream has ended', 'StreamGone');
      return { channel: 'stream', status: response };
    }
    if (!input.webhook)
      throw ApplicationFailure.nonRetryable('no channel for the interim message', 'ProviderMisconfigured');
    const body = JSON.stringify({
      event: 'request.interim',
      workflowId: input.workflowId,
      route: input.route,
      message: input.message,
    });
    const headers = webhookHeaders(body, 'switchyard-interim-webhook', input.webhook.signingSecretEnv, env);
    return { channel: 'webhook', status: await postWebhook(input.webhook.url, body, headers, signal, [404]) };
  };
}
