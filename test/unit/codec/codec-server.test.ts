import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodecServer, startCodecServer } from '../../../src/codec/codec-server.js';

const UI = 'http://localhost:8233';
const TOKEN = 'codec-token-0123456789abcdef';
const KEYS = [{ id: 'k1', key: Buffer.alloc(32, 9) }];
const plainPayload = {
  metadata: { encoding: Buffer.from('json/plain').toString('base64') },
  data: Buffer.from(JSON.stringify({ prompt: 'secret 4111' })).toString('base64'),
};
const encryptedPayloads = (server: CodecServer) =>
  post(server, '/encode', { payloads: [plainPayload] })
    .then((response) => response.json())
    .then((body) => (body as { payloads: unknown[] }).payloads);

function post(server: CodecServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-namespace': 'default',
      origin: UI,
      authorization: `Bearer ${TOKEN}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('codec server for the Temporal Web UI', () => {
  let server: CodecServer;

  beforeAll(async () => {
    server = await startCodecServer({ keys: KEYS, token: TOKEN });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('listens on loopback; its Web UI endpoint carries the token as a path segment', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`${server.baseUrl}/${TOKEN}`);
  });

  it('encodes and decodes base64 payloads as the UI sends them', async () => {
    const encoded = await post(server, '/encode', { payloads: [plainPayload] });
    expect(encoded.status).toBe(200);
    expect(encoded.headers.get('access-control-allow-origin')).toBe(UI);
    const { payloads } = (await encoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(payloads[0]!.metadata['encryption-key-id']!, 'base64').toString()).toBe('k1');
    expect(Buffer.from(payloads[0]!.data, 'base64').includes('4111')).toBe(false);
    const decoded = await post(server, '/decode', { payloads });
    expect(await decoded.json()).toEqual({ payloads: [plainPayload] });
  });

  it('refuses /decode and /encode without the token, or with a wrong one (401)', async () => {
    const payloads = await encryptedPayloads(server);
    for (const headers of [
      { authorization: '' },
      { authorization: 'Bearer wrong-token-0123456789abc' },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${TOKEN}` },
    ]) {
      const decode = await post(server, '/decode', { payloads }, headers);
      expect(decode.status).toBe(401);
      expect(decode.headers.get('www-authenticate')).toContain('Bearer');
      const text = await decode.text();
      expect(text).not.toContain('4111');
      expect(text).not.toContain(TOKEN);
      expect((await post(server, '/encode', { payloads: [plainPayload] }, headers)).status).toBe(401);
    }
    const wrongPath = await post(server, '/not-the-token-0123456789/decode', { payloads }, { authorization: '' });
    expect(wrongPath.status).toBe(401);
  });

  it('accepts the token as X-Switchyard-Codec-Token or as the endpoint path segment (the Web UI)', async () => {
    const payloads = await encryptedPayloads(server);
    const header = await post(
      server,
      '/decode',
      { payloads },
      { authorization: '', 'x-switchyard-codec-token': TOKEN },
    );
    expect(header.status).toBe(200);
    // The UI posts to `${endpoint}/decode`; with passAccessToken it also sends its own (other) bearer token.
    const viaPath = await fetch(`${server.url}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: UI, authorization: 'Bearer some-oidc-jwt' },
      body: JSON.stringify({ payloads }),
    });
    expect(viaPath.status).toBe(200);
    expect(await viaPath.json()).toEqual({ payloads: [plainPayload] });
  });

  it('answers the CORS preflight for allowed origins only; other origins get 403', async () => {
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const otherPreflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(otherPreflight.status).toBe(403);
    expect(otherPreflight.headers.get('access-control-allow-origin')).toBeNull();
    const other = await post(server, '/decode', { payloads: [] }, { origin: 'http://evil.example' });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a wildcard origin and a short token at startup', async () => {
    await expect(startCodecServer({ keys: KEYS, token: TOKEN, corsOrigins: ['*'] })).rejects.toThrow(/no "\*"/);
    await expect(startCodecServer({ keys: KEYS, token: 'short' })).rejects.toThrow(/at least 16 characters/);
  });

  it('rejects bad requests with a message', async () => {
    expect((await post(server, '/decode', '{not json')).status).toBe(400);
    const wrongShape = await post(server, '/decode', { items: [] });
    expect(wrongShape.status).toBe(400);
    expect(await wrongShape.json()).toEqual({ error: 'body must be {"payloads":[...]}' });
    const foreign = await post(server, '/decode', {
      payloads: [
        {
          metadata: {
            encoding: Buffer.from('binary/encrypted').toString('base64'),
            'encryption-key-id': Buffer.from('k9').toString('base64'),
          },
          data: Buffer.alloc(40).toString('base64'),
        },
      ],
    });
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { error: string }).error).toContain('key "k9", which is not configured');
    expect((await fetch(`${server.baseUrl}/other`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/decode`)).status).toBe(405);
  });
});
