import type { Env, Hono } from 'hono';
import type { ReadinessProbe } from './readiness-probe.js';

/**
 * The health endpoints (no API key; the browser guard still applies):
 * - `GET /health/liveness`: 200 `{ ok: true }` whenever the process serves HTTP;
 * - `GET /health/readiness`: 200 when Temporal answers and live workers poll the router's task queue for
 *   workflow and for activity tasks, else 503; the body names what is missing (`missing`, `reason`);
 * - `GET /healthz`: the same as readiness, plus the policy version.
 * Readiness answers are cached briefly (`readinessCacheMs`), so probes never flood Temporal.
 */
export function addHealthRoutes<E extends Env>(app: Hono<E>, readiness: ReadinessProbe, policyVersion: string): void {
  app.get('/health/liveness', (c) => c.json({ ok: true }));
  const ready = async () => {
    const verdict = await readiness.check();
    const { checkedAt, ...facts } = verdict;
    return { body: { ...facts, policyVersion, checkedAt: new Date(checkedAt).toISOString() }, ok: verdict.ok };
  };
  app.get('/health/readiness', async (c) => {
    const { body, ok } = await ready();
    return c.json(body, ok ? 200 : 503);
  });
  app.get('/healthz', async (c) => {
    const { body, ok } = await ready();
    return c.json(body, ok ? 200 : 503);
  });
}
