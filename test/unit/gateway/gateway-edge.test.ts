import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { type RouteOptions, RouterClient } from '../../../src/client/router-client.js';
import { loadPolicyFile } from '../../../src/config/load-policy.js';
import { parseApiKeys } from '../../../src/gateway/api-keys.js';
import { createGatewayApp } from '../../../src/gateway/create-gateway-app.js';
import type { GatewaySettings } from '../../../src/gateway/gateway-settings.js';
import { startGateway } from '../../../src/gateway/start-gateway.js';
import { MAX_REQUEST_BYTES } from '../../../src/policy/request-schema.js';
import type { RouteRequest } from '../../../src/policy/types.js';
import { freePort } from '../../../src/temporal/free-port.js';
import { PACKAGE_ROOT } from '../../../src/temporal/paths.js';

/**
 * The gateway's edge against hostile callers, through `app.request()`: every check here answers before a
 * workflow would start. The router records what it was asked to start and stops there (a 500), so a test
 * can tell a refused request (router never called) from one that would have been routed.
 */
const policy = loadPolicyFile(join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml'));
const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 200 });
const client = new Client({ connection });
const STRONG_KEY = 'alice-key-0123456789abcdefghij';

afterAll(async () => {
  await connection.close();
});

interface StartCall {
  request: RouteRequest;
  options: RouteOptions | undefined;
}

function gateway(extra: Partial<GatewaySettings> = {}) {
  const router = new RouterClient({ client, policy, searchAttributes: false });
  const started: StartCall[] = [];
  router.start = async (request, options) => {
    started.push({ request, options });
    throw new Error('test router: not starting anything');
  };
  const app = createGatewayApp({ router, client, policy, startTimeoutMs: 300, ...extra });
  return { app, started };
}

const chat = (text = 'hi', extra: Record<string, unknown> = {}) => ({
  model: 'ok',
  messages: [{ role: 'user', content: text }],
  ...extra,
});

const post = (
  app: ReturnType<typeof gateway>['app'],
  body: unknown,
  headers: Record<string, string> = {},
  url = 'http://127.0.0.1:8788/v1/chat/completions',
) =>
  app.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { message: string; param: string | null; code: string | null } }).error;
}

describe('gateway: browsers and other sites', () => {
  it('refuses a cross-origin text/plain POST (no preflight) with 403, and text/plain from anyone with 415', async () => {
    const { app, started } = gateway();
    const crossSite = await post(app, chat(), { 'content-type': 'text/plain', origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(await errorOf(crossSite)).toMatchObject({ code: 'origin_not_allowed' });
    expect(crossSite.headers.get('access-control-allow-origin')).toBeNull();
    const plain = await post(app, chat(), { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(await errorOf(plain)).toMatchObject({ code: 'unsupported_media_type' });
    const form = await post(app, 'a=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(started).toHaveLength(0);
  });

  it('refuses Sec-Fetch-Site: cross-site, and any Origin not configured', async () => {
    const { app, started } = gateway();
    expect((await post(app, chat(), { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post(app, chat(), { origin: 'http://localhost:3000' })).status).toBe(403);
    expect((await post(app, chat(), { origin: 'null' })).status).toBe(403);
    const models = await app.request('http://127.0.0.1:8788/v1/models', {
      headers: { origin: 'https://evil.example' },
    });
    expect(models.status).toBe(403);
    expect(started).toHaveLength(0);
  });

  it('answers CORS, preflight included, for configured origins only', async () => {
    const { app, started } = gateway({ corsOrigins: ['https://app.example.com'] });
    const preflight = await app.request('http://127.0.0.1:8788/v1/chat/completions', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await app.request('http://127.0.0.1:8788/v1/chat/completions', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await post(app, chat(), { origin: 'https://app.example.com', 'sec-fetch-site': 'cross-site' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('x-switchyard-workflow-id');
    expect(started).toHaveLength(1);
  });

  it('answers loopback host names only when bound to loopback (DNS rebinding)', async () => {
    const { app } = gateway();
    const rebound = await app.request('http://evil.example:8788/v1/models');
    expect(rebound.status).toBe(421);
    expect(await errorOf(rebound)).toMatchObject({ code: 'unknown_host' });
    expect((await app.request('http://localhost:8788/v1/models')).status).toBe(200);
    expect((await app.request('http://[::1]:8788/v1/models')).status).toBe(200);
    const wide = gateway({ host: '0.0.0.0', apiKeys: [STRONG_KEY] }).app;
    const byName = await wide.request('http://gateway.internal:8788/v1/models', {
      headers: { authorization: `Bearer ${STRONG_KEY}` },
    });
    expect(byName.status).toBe(200);
  });
});

describe('gateway: sizes', () => {
  it('answers a body over the limit with 413 before routing, by Content-Length', async () => {
    const { app, started } = gateway();
    const response = await post(app, chat('x'.repeat(5 * 1024 * 1024)));
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: 'request_too_large', param: null });
    expect(started).toHaveLength(0);
  });

  it('counts the bytes while reading when no Content-Length is sent (chunked)', async () => {
    const { app, started } = gateway({ maxBodyBytes: 64 * 1024 });
    const chunk = new TextEncoder().encode(
      `{"model":"ok","messages":[{"role":"user","content":"${'y'.repeat(16 * 1024)}`,
    );
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 100) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request('http://127.0.0.1:8788/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    const response = await app.request(request);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(10);
    expect(started).toHaveLength(0);
  });

  it("answers messages over the router's size limit with 413 naming messages", async () => {
    const { app, started } = gateway({ maxBodyBytes: 4 * 1024 * 1024 });
    const response = await post(app, chat('z'.repeat(MAX_REQUEST_BYTES + 1)));
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: 'request_too_large', param: 'messages' });
    expect(started).toHaveLength(0);
  });
});

describe('gateway: requests that cannot succeed never reach the router', () => {
  it('answers an invalid response_format JSON Schema with 400 naming it', async () => {
    const { app, started } = gateway();
    for (const schema of [{ type: 'objekt' }, { type: 'object', properties: { a: { minLength: -1 } } }]) {
      const response = await post(
        app,
        chat('hi', { response_format: { type: 'json_schema', json_schema: { name: 'answer', schema } } }),
      );
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.param).toBe('response_format.json_schema.schema');
      expect(error.message).toContain('response_format.json_schema.schema');
    }
    expect(started).toHaveLength(0);
    // A valid schema (with an $id, twice: compiled schemas do not linger and clash) is routed.
    const schema = { $id: 'https://example.com/answer', type: 'object', properties: { a: { type: 'string' } } };
    for (let index = 0; index < 2; index += 1) {
      await post(app, chat('hi', { response_format: { type: 'json_schema', json_schema: { name: 'a', schema } } }));
    }
    expect(started).toHaveLength(2);
    expect(started[0]?.request.responseFormat).toEqual({ type: 'json', schema });
  });

  it('answers empty and whitespace-only conversations with 400', async () => {
    const { app, started } = gateway();
    const empty = await post(app, { model: 'ok', messages: [] });
    expect(empty.status).toBe(400);
    expect(await errorOf(empty)).toMatchObject({ param: 'messages' });
    const blank = await post(app, {
      model: 'ok',
      messages: [
        { role: 'system', content: 'be nice' },
        { role: 'user', content: ' \n\t ' },
      ],
    });
    expect(blank.status).toBe(400);
    expect((await errorOf(blank)).message).toContain('non-empty user message');
    const parts = await post(app, {
      model: 'ok',
      messages: [{ role: 'user', content: [{ type: 'text', text: '  ' }] }],
    });
    expect(parts.status).toBe(400);
    expect(started).toHaveLength(0);
  });
});

describe('gateway: idempotency keys', () => {
  it('maps Idempotency-Key or x-switchyard-request-id to requestId', async () => {
    const { app, started } = gateway();
    await post(app, chat(), { 'idempotency-key': 'order-42.retry:1' });
    await post(app, chat(), { 'x-switchyard-request-id': 'req-7' });
    await post(app, chat(), { 'idempotency-key': 'same', 'x-switchyard-request-id': 'same' });
    await post(app, chat());
    expect(started.map((call) => call.request.requestId)).toEqual(['order-42.retry:1', 'req-7', 'same', undefined]);
  });

  it('answers an invalid or conflicting key with 400 naming the header', async () => {
    const { app, started } = gateway();
    for (const [headers, param] of [
      [{ 'idempotency-key': 'has spaces and / slashes' }, 'idempotency-key'],
      [{ 'idempotency-key': 'k'.repeat(129) }, 'idempotency-key'],
      [{ 'x-switchyard-request-id': 'ü' }, 'x-switchyard-request-id'],
      [{ 'idempotency-key': 'a', 'x-switchyard-request-id': 'b' }, 'idempotency-key'],
    ] as const) {
      const response = await post(app, chat(), headers);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.param).toBe(param);
      expect(error.message).toContain(param);
    }
    expect(started).toHaveLength(0);
  });
});

describe('gateway: API keys and caller identity', () => {
  it('parses name=key and bare entries; bare keys are named key-N', () => {
    expect(parseApiKeys(' alice=k1 , k2,,bob=k3==, c2VjcmV0== ')).toEqual([
      { name: 'alice', key: 'k1' },
      { name: 'key-2', key: 'k2' },
      { name: 'bob', key: 'k3==' },
      { name: 'key-4', key: 'c2VjcmV0==' },
    ]);
    expect(() => parseApiKeys('alice=k1,alice=k2')).toThrow(/"alice" is used twice/);
    expect(() => parseApiKeys('alice=k1,bob=k1')).toThrow(/"bob" repeats another key/);
  });

  it('passes the authenticated key as the caller; no keys, no caller', async () => {
    const keyed = gateway({ apiKeys: [{ name: 'alice', key: STRONG_KEY }, 'second-key-0123456789abcdef'] });
    expect((await post(keyed.app, chat(), { authorization: 'Bearer nope' })).status).toBe(401);
    await post(keyed.app, chat(), { authorization: `Bearer ${STRONG_KEY}` });
    await post(keyed.app, chat(), { authorization: 'Bearer second-key-0123456789abcdef' });
    expect(keyed.started.map((call) => call.options?.caller)).toEqual([
      { name: 'alice', credential: STRONG_KEY },
      { name: 'key-2', credential: 'second-key-0123456789abcdef' },
    ]);
    const open = gateway();
    await post(open.app, chat());
    expect(open.started[0]?.options?.caller).toBeUndefined();
  });

  it('refuses keys shorter than 24 characters beyond loopback, naming the rule but not the key', async () => {
    const attempt = startGateway({
      router: new RouterClient({ client, policy, searchAttributes: false }),
      client,
      policy,
      host: '0.0.0.0',
      port: 0,
      apiKeys: [{ name: 'tiny', key: 'x' }, STRONG_KEY],
    });
    const error = await attempt.then(
      async (running) => {
        await running.close();
        throw new Error('started with a 1-character key');
      },
      (caught: Error) => caught,
    );
    expect(error.message).toMatch(/at least 24 characters/);
    expect(error.message).toContain('tiny');
    expect(error.message).not.toMatch(/"x"|: x\b/);
  });

  it('accepts a short key on loopback (development)', async () => {
    const running = await startGateway({
      router: new RouterClient({ client, policy, searchAttributes: false }),
      client,
      policy,
      port: 0,
      apiKeys: ['x'],
    });
    await running.close();
  });
});
