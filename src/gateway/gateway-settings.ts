import type { Client } from '@temporalio/client';
import type { RouterClient } from '../client/router-client.js';
import type { LoadedPolicy } from '../config/load-policy.js';
import type { Logger } from '../logging.js';
import type { GatewayApiKey } from './api-keys.js';
import type { StreamRecovery } from './live-answer.js';

/** What the OpenAI-compatible gateway needs. */
export interface GatewaySettings {
  /** Routes every request (its task queue decides which workers run them). */
  router: RouterClient;
  /** The connected Temporal client behind `router` (health checks). */
  client: Client;
  /** The policy `model` names are resolved against (the router's own). */
  policy: LoadedPolicy;
  /** TCP port; 0 picks a free one. @default 8788 */
  port?: number;
  /** Interface to listen on. Anything but loopback requires API keys. @default '127.0.0.1' */
  host?: string;
  /**
   * Accepted bearer keys and the caller names they authenticate (a bare string is named `key-N`); none:
   * the gateway is open (loopback only) and passes no caller. Beyond loopback each key needs at least
   * 24 characters. @default []
   */
  apiKeys?: readonly (string | GatewayApiKey)[];
  /**
   * Browser origins allowed to call the API (`https://app.example.com`); they get CORS answers. Any other
   * `Origin`, or `Sec-Fetch-Site: cross-site`, is refused with 403, so web pages cannot spend through a
   * local gateway. @default [] (no browser access)
   */
  corsOrigins?: readonly string[];
  /** Largest request body, bytes (counted while reading). @default MAX_BODY_BYTES (1.5 MiB) */
  maxBodyBytes?: number;
  /**
   * How long a request that parked for human review still holds the HTTP request before it is answered pending
   * (202, the interim message), counted from the moment it parked, ms. 0: at once. @default 0
   */
  reviewWaitMs?: number;
  /**
   * How often a request still waiting for its outcome is checked for having parked for review (a `describe` of
   * its `SwitchyardNeedsReview` search attribute, answered by the server alone), ms. @default 250
   */
  parkCheckMs?: number;
  /** Interval of SSE comment lines while a streamed request is routed, ms. @default 5000 */
  keepAliveMs?: number;
  /** Limit on starting a workflow (Temporal unreachable → 503 after this), ms. @default 10000 */
  startTimeoutMs?: number;
  /**
   * Base URL workers reach this gateway at, for live answer streams (`http://gw-3.internal:8788`). Workers
   * post there only if their `SWITCHYARD_STREAM_SINKS` allows it. @default the gateway's own listen URL
   */
  advertiseUrl?: string;
  /** Mid-stream failure after tokens were sent: `restart` with the next model, or end with `error`. @default 'restart' */
  streamRecovery?: StreamRecovery;
  /** How long a streamed response's status may wait for the first answer piece (see chat-stream.ts), ms. @default 10000 */
  streamHeadersWithinMs?: number;
  /**
   * A worker counts as polling when it asked the task queue for work within this window, ms (readiness and
   * the no-worker fast failure). @default POLLER_WINDOW_MS (90000)
   */
  pollerWindowMs?: number;
  /**
   * When readiness finds no polling worker, how long a request looks again before it is answered 503
   * `no_worker` (a worker that has just started takes a moment to send its first poll), ms. @default 1500
   */
  noWorkerGraceMs?: number;
  /** How long a readiness answer is reused before Temporal is asked again, ms. @default 1000 */
  readinessCacheMs?: number;
  /**
   * A started request whose first workflow task no worker picked up within this time (pollers looked alive
   * but were gone) is answered 503 `no_worker`, ms. @default 10000
   */
  firstTaskTimeoutMs?: number;
  /** Limit on one result long poll before it is issued again (a silently dead connection), ms. @default 30000 */
  pollTimeoutMs?: number;
  /**
   * Added to the policy's longest deadline and `reviewWaitMs` to bound the whole wait for an outcome
   * (Temporal outages, task timeouts); past it the client gets 504 (503 while Temporal is unreachable), ms.
   * @default 60000
   */
  outcomeWaitSlackMs?: number;
  /** Request log (one line per request; never prompt text). @default none */
  logger?: Logger;
}

/** Defaults of the optional settings. */
export const GATEWAY_DEFAULTS = {
  port: 8788,
  host: '127.0.0.1',
  reviewWaitMs: 0,
  keepAliveMs: 5_000,
  startTimeoutMs: 10_000,
  streamRecovery: 'restart',
  streamHeadersWithinMs: 10_000,
  readinessCacheMs: 1000,
  noWorkerGraceMs: 1500,
  firstTaskTimeoutMs: 10_000,
  pollTimeoutMs: 30_000,
  outcomeWaitSlackMs: 60_000,
} as const;

/**
 * Largest request body accepted, bytes (1.5 MiB). The request travels to the workflow as one Temporal
 * payload, and Temporal refuses blobs over 2 MB (an error the caller would see as 503 and retry); this
 * keeps the body, its JSON framing and the policy snapshot under that with room to spare. Larger → 413.
 */
export const MAX_BODY_BYTES = 1.5 * 1024 * 1024;
