import { Hono } from 'hono';
import type { CallerCredential } from '../client/router-client.js';
import { STREAM_PATH } from '../streaming/stream-protocol.js';
import { traceGatewayRequests } from '../telemetry/trace-gateway-requests.js';
import { bearerToken, createKeyCheck, namedApiKeys } from './api-keys.js';
import { browserGuard, LOOPBACK_INTERFACES } from './browser-guard.js';
import { handleChatCompletion } from './chat-completions.js';
import { clientGoneSignal } from './client-hang-up.js';
import { handleFeedback } from './feedback-route.js';
import { GATEWAY_DEFAULTS, type GatewaySettings, MAX_BODY_BYTES } from './gateway-settings.js';
import { addHealthRoutes } from './health-routes.js';
import { listModels } from './models-list.js';
import { GatewayError, modelNotFound, unauthorized } from './openai-error.js';
import { nodeExchangeOf, readJsonBody } from './read-json-body.js';
import { createReadinessProbe } from './readiness-probe.js';
import { handleResponses } from './responses.js';
import { StreamRelay } from './stream-relay.js';

interface GatewayEnv {
  /** The authenticated caller (API keys configured), for the router. */
  Variables: { caller: CallerCredential | undefined };
}

/**
 * The OpenAI-compatible HTTP API as a Hono app (served by `startGateway`; tests may call `app.request`):
 * `POST /v1/chat/completions`, `POST /v1/responses`, `POST /v1/feedback`, `GET /v1/models`, `GET /v1/models/:id`, the workers' live
 * stream endpoint (`POST /internal/streams/:id`, token-authenticated) and the health endpoints
 * (`/health/liveness`, `/health/readiness`, `/healthz`: see health-routes.ts). Every request passes the
 * browser guard (Host, Origin, CORS); `/v1/*` needs an API key when keys are configured.
 */
export function createGatewayApp(settings: GatewaySettings, relay = new StreamRelay(null)): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  const created = Math.floor(Date.now() / 1000);
  const policy = settings.policy.policy;
  const keys = namedApiKeys(settings.apiKeys);
  const findKey = createKeyCheck(keys);
  const maxBodyBytes = settings.maxBodyBytes ?? MAX_BODY_BYTES;
  const loopback = LOOPBACK_INTERFACES.has(settings.host ?? GATEWAY_DEFAULTS.host);
  const readiness = createReadinessProbe({
    client: settings.client,
    taskQueue: settings.router.taskQueue,
    cacheMs: settings.readinessCacheMs ?? GATEWAY_DEFAULTS.readinessCacheMs,
    ...(settings.pollerWindowMs === undefined ? {} : { pollerWindowMs: settings.pollerWindowMs }),
  });

  app.onError((error) => errorResponse(error instanceof GatewayError ? error : internalError(error, settings)));
  app.notFound((c) =>
    errorResponse(
      new GatewayError(404, `no route ${c.req.method} ${c.req.path}`, 'invalid_request_error', null, 'unknown_url'),
    ),
  );

  // A span per chat completion (a no-op unless tracing is configured); outermost, so refusals are traced too.
  app.use('/v1/chat/completions', traceGatewayRequests('/v1/chat/completions'));
  app.use('/v1/responses', traceGatewayRequests('/v1/responses'));
  app.use('*', browserGuard({ loopback, corsOrigins: settings.corsOrigins ?? [] }));

  addHealthRoutes(app, readiness, policy.version);

  // Live answer lines from workers (token-authenticated per stream; see stream-relay.ts), outside the API keys.
  app.post(`${STREAM_PATH}/:id`, (c) => relay.accept(c.req.param('id'), c.req.header('authorization'), c.req.raw.body));

  app.use('/v1/*', async (c, next) => {
    if (keys.length === 0) return next();
    const token = bearerToken(c.req.header('authorization'));
    if (token === null) throw unauthorized('Missing API key: send it as `Authorization: Bearer KEY`');
    const key = findKey(token);
    if (!key) throw unauthorized('Incorrect API key provided');
    c.set('caller', { name: key.name, credential: key.key });
    return next();
  });

  app.get('/v1/models', (c) => c.json({ object: 'list', data: listModels(policy, created) }));
  app.get('/v1/models/:id', (c) => {
    const id = c.req.param('id');
    const entry = listModels(policy, created).find((model) => model.id === id);
    if (!entry) throw modelNotFound(id);
    return c.json(entry);
  });

  app.post('/v1/feedback', (c) => handleFeedback(settings, c));

  // Both wires: read the body within the limit, note who asks and how to tell the client left, then handle.
  const wires = { '/v1/chat/completions': handleChatCompletion, '/v1/responses': handleResponses } as const;
  for (const [path, handle] of Object.entries(wires)) {
    app.post(path, async (c) => {
      const receivedAt = performance.now();
      const body = await readJsonBody(c.req.raw, maxBodyBytes, nodeExchangeOf(c.env));
      const caller = c.get('caller');
      const signal = clientGoneSignal(c.req.raw, c.env);
      return handle(settings, relay, body, c.req.raw, { receivedAt, signal, readiness, ...(caller ? { caller } : {}) });
    });
  }
  return app;
}

function errorResponse(error: GatewayError): Response {
  return Response.json(error.toBody(), { status: error.status, headers: error.headers() });
}

function internalError(error: unknown, settings: GatewaySettings): GatewayError {
  settings.logger?.error({ err: error }, 'gateway internal error');
  return new GatewayError(500, `internal error: ${String((error as Error)?.message ?? error)}`, 'server_error');
}
