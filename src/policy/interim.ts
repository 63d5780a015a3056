import type { InterimConfig } from './interim-schema.js';
import type { Policy } from './schema.js';

/** Where a request's interim message goes: into the client's live stream, or to the route's webhook. */
export type InterimChannel = 'stream' | 'webhook';

/** A route's interim message for one request, with the channel it takes (docs/streaming.md#interim-messages). */
export interface InterimPlan {
  afterMs: number;
  message: string;
  channel: InterimChannel;
  webhook: InterimConfig['webhook'] | null;
}

/**
 * The interim message a request gets, or null: the route's `interim` (else `defaults.interim`), sent into the stream
 * of a streaming request, else to the interim's webhook; a non-streaming request without a webhook gets none. Pure.
 */
export function interimPlan(
  policy: Pick<Policy, 'routes' | 'defaults'>,
  routeName: string,
  streaming: boolean,
): InterimPlan | null {
  const route = policy.routes.find((candidate) => candidate.name === routeName);
  const interim = route?.interim ?? policy.defaults.interim;
  if (!interim) return null;
  const webhook = interim.webhook ?? null;
  if (!streaming && webhook === null) return null;
  return { afterMs: interim.afterMs, message: interim.message, channel: streaming ? 'stream' : 'webhook', webhook };
}
