import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { bearerToken, createKeyCheck } from './api-keys.js';
import { handleChatCompletion } from './chat-completions.js';
import { type GatewaySettings, MAX_BODY_BYTES } from './gateway-settings.js';
import { listModels } from './models-list.js';
import { GatewayError, invalidRequest, modelNotFound, unauthorized } from './openai-error.js';

/**
 * The OpenAI-compatible HTTP API as a Hono app (served by `startGateway`; tests may call `app.request`):
 * `POST /v1/chat/completions`, `GET /v1/models`, `GET /v1/models/:id`, and `GET /healthz`.
 */
export function createGatewayApp(settings: GatewaySettings): Hono {
  const app = new Hono();
  const created = Math.floor(Date.now() / 1000);
  const policy = settings.policy.policy;
  const keys = settings.apiKeys ?? [];
  const keyMatches = createKeyCheck(keys);

  app.onError((error) => errorResponse(error instanceof GatewayError ? error : internalError(error, settings)));
  app.notFound((c) =>
    errorResponse(
      new GatewayError(404, `no route ${c.req.method} ${c.req.path}`, 'invalid_request_error', null, 'unknown_url'),
    ),
  );

  app.get('/healthz', async (c) => {
    const reachable = await settings.client.connection.workflowService
      .getSystemInfo({})
      .then(() => true)
      .catch(() => false);
    return c.json({ ok: reachable, policyVersion: policy.version }, reachable ? 200 : 503);
  });

  app.use('/v1/*', async (c, next) => {
    if (keys.length === 0) return next();
    const token = bearerToken(c.req.header('authorization'));
    if (token === null) throw unauthorized('Missing API key: send it as `Authorization: Bearer KEY`');
    if (!keyMatches(token)) throw unauthorized('Incorrect API key provided');
    return next();
  });

  app.get('/v1/models', (c) => c.json({ object: 'list', data: listModels(policy, created) }));
  app.get('/v1/models/:id', (c) => {
    const id = c.req.param('id');
    const entry = listModels(policy, created).find((model) => model.id === id);
    if (!entry) throw modelNotFound(id);
    return c.json(entry);
  });

  app.post(
    '/v1/chat/completions',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw invalidRequest(`request body exceeds ${MAX_BODY_BYTES} bytes`, null, 'request_too_large');
      },
    }),
    async (c) => {
      const receivedAt = performance.now();
      const body = await c.req.json().catch(() => {
        throw invalidRequest('request body must be a JSON object (Content-Type: application/json)');
      });
      return handleChatCompletion(settings, body, c.req.raw, receivedAt);
    },
  );
  return app;
}

function errorResponse(error: GatewayError): Response {
  const headers: Record<string, string> = error.workflowId ? { 'x-switchyard-workflow-id': error.workflowId } : {};
  return Response.json(error.toBody(), { status: error.status, headers });
}

function internalError(error: unknown, settings: GatewaySettings): GatewayError {
  settings.logger?.error({ err: error }, 'gateway internal error');
  return new GatewayError(500, `internal error: ${String((error as Error)?.message ?? error)}`, 'server_error');
}
