import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { forbiddenOrigin, misdirectedRequest } from './openai-error.js';

/** Interfaces that count as loopback binds. */
export const LOOPBACK_INTERFACES = new Set(['127.0.0.1', '::1', 'localhost']);

/** Host names a loopback-bound gateway answers to (anything else is a DNS-rebinding attempt). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Response headers a browser page may read (the routing facts). */
const EXPOSED_HEADERS = [
  'x-switchyard-workflow-id',
  'x-switchyard-route',
  'x-switchyard-outcome',
  'x-switchyard-model',
  'x-switchyard-attempts',
  'x-switchyard-cost-usd',
  'x-switchyard-overhead-ms',
  'x-switchyard-policy-version',
  'x-switchyard-rollout-role',
  'x-switchyard-rollout-reason',
  'x-switchyard-degrade-mode',
  'x-switchyard-partial',
];

/**
 * Keeps web pages from using the gateway through a developer's browser: on a loopback bind the Host must
 * be a loopback name (421 otherwise); a request carrying an `Origin` outside `corsOrigins`, or marked
 * `Sec-Fetch-Site: cross-site` without an allowed origin, is refused (403). Allowed origins get CORS
 * answers, preflights included. Non-browser clients send neither header and pass.
 */
export function browserGuard(options: { loopback: boolean; corsOrigins: readonly string[] }): MiddlewareHandler {
  const allowed = new Set(options.corsOrigins);
  const answerCors = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
  return async (c, next) => {
    const host = new URL(c.req.url).hostname;
    if (options.loopback && !LOOPBACK_HOSTS.has(host)) throw misdirectedRequest(host);
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowed.has(origin)) {
      throw forbiddenOrigin(`browser requests from origin ${origin.slice(0, 200)} are not allowed (see corsOrigins)`);
    }
    if (origin === undefined && c.req.header('sec-fetch-site') === 'cross-site') {
      throw forbiddenOrigin('cross-site browser requests are not allowed (see corsOrigins)');
    }
    if (origin === undefined) return next();
    return answerCors(c, next);
  };
}
