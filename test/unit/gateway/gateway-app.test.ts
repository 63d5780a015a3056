import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { RouterClient } from '../../../src/client/router-client.js';
import { loadPolicyFile } from '../../../src/config/load-policy.js';
import { createGatewayApp } from '../../../src/gateway/create-gateway-app.js';
import { startGateway } from '../../../src/gateway/start-gateway.js';
import { freePort } from '../../../src/temporal/free-port.js';
import { PACKAGE_ROOT } from '../../../src/temporal/paths.js';

/** The gateway with nothing behind it: a lazy Temporal connection to a port where nobody listens. */
const policy = loadPolicyFile(join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml'));
const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 200 });
const client = new Client({ connection });
const router = new RouterClient({ client, policy, searchAttributes: false });
const settings = { router, client, policy, startTimeoutMs: 300 };

afterAll(async () => {
  await connection.close();
});

const post = (app: ReturnType<typeof createGatewayApp>, body: unknown, headers: Record<string, string> = {}) =>
  app.request('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('gateway app without Temporal', () => {
  it('answers 503 router_unavailable when Temporal is unreachable', async () => {
    const response = await post(createGatewayApp(settings), {
      model: 'ok',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      error: { type: 'server_error', code: 'router_unavailable', param: null },
    });
  });

  it('rejects malformed JSON with 400 before touching Temporal', async () => {
    const response = await post(createGatewayApp(settings), '{not json');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('checks bearer keys when configured and answers unknown paths in the OpenAI shape', async () => {
    const app = createGatewayApp({ ...settings, apiKeys: ['secret'] });
    expect((await app.request('/v1/models')).status).toBe(401);
    expect((await app.request('/v1/models', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const models = await app.request('/v1/models', { headers: { authorization: 'Bearer secret' } });
    expect(models.status).toBe(200);
    expect(await models.json()).toMatchObject({ object: 'list' });
    const model = await app.request('/v1/models/503', { headers: { authorization: 'Bearer secret' } });
    expect(await model.json()).toEqual({
      id: '503',
      object: 'model',
      created: expect.any(Number),
      owned_by: 'switchyard-route',
    });
    const missing = await app.request('/v2/nothing');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'unknown_url' } });
  });

  it('refuses to listen beyond loopback without API keys', async () => {
    await expect(startGateway({ ...settings, host: '0.0.0.0', port: 0 })).rejects.toThrow(/requires API keys/);
  });
});
