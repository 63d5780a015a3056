import type { MiddlewareHandler } from 'hono';

/** Host names the server answers to (it listens on loopback only; this stops DNS-rebinding tricks). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Headers on every response (no caching, no framing, no scripts, no referrer (or `?token=` link) sent to other sites),
 * plus two request checks: the Host must be a loopback name, and a POST that carries an Origin must come
 * from this server (CSRF defence in depth, next to the per-session form token).
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (!LOOPBACK_HOSTS.has(url.hostname)) return c.text('unknown host', 421);
    const origin = c.req.header('origin');
    if (c.req.method === 'POST' && origin !== undefined && origin !== url.origin) {
      return c.text('cross-origin form refused', 403);
    }
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'same-origin');
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  };
}
