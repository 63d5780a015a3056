import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { namedApiKeys, weakKeyProblem } from './api-keys.js';
import { LOOPBACK_INTERFACES } from './browser-guard.js';
import { createGatewayApp } from './create-gateway-app.js';
import { GATEWAY_DEFAULTS, type GatewaySettings } from './gateway-settings.js';
import { StreamRelay } from './stream-relay.js';

/** A running gateway. */
export interface Gateway {
  /** `http://HOST:PORT`; OpenAI clients use `${url}/v1` as their base URL. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests and closes open connections (streams in flight are cut). */
  close(): Promise<void>;
}

/** The URL a worker on this machine reaches a gateway bound to `host` at (a wildcard bind means loopback). */
function reachableUrl(host: string, port: number): string {
  if (host === '0.0.0.0') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Starts the OpenAI-compatible gateway: every chat completion runs the routing workflow through
 * `settings.router`. Without API keys it only listens on loopback; beyond loopback every key must be at
 * least MIN_API_KEY_LENGTH characters (the error names the key, never shows it).
 */
export async function startGateway(settings: GatewaySettings): Promise<Gateway> {
  const host = settings.host ?? GATEWAY_DEFAULTS.host;
  const keys = namedApiKeys(settings.apiKeys);
  if (!LOOPBACK_INTERFACES.has(host)) {
    if (keys.length === 0) {
      throw new Error(`gateway: listening on ${host} requires API keys (set SWITCHYARD_GATEWAY_API_KEYS)`);
    }
    const problem = weakKeyProblem(keys);
    if (problem) throw new Error(`gateway: listening on ${host}: ${problem}`);
  }
  const relay = new StreamRelay(null);
  const app = createGatewayApp(settings, relay);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, port: settings.port ?? GATEWAY_DEFAULTS.port, hostname: host }, () =>
      resolve(instance),
    );
    instance.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  relay.baseUrl = (settings.advertiseUrl ?? reachableUrl(host, port)).replace(/\/+$/, '');
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
