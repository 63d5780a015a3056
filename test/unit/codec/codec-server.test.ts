import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodecServer, startCodecServer } from '../../../src/codec/codec-server.js';

const UI = 'http://localhost:8233';
const plainPayload = {
  metadata: { encoding: Buffer.from('json/plain').toString('base64') },
  data: Buffer.from(JSON.stringify({ prompt: 'secret 4111' })).toString('base64'),
};

describe('codec server for the Temporal Web UI', () => {
  let server: CodecServer;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: UI, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startCodecServer({ keys: [{ id: 'k1', key: Buffer.alloc(32, 9) }] });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('listens on loopback', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('encodes and decodes base64 payloads as the UI sends them', async () => {
    const encoded = await post('/encode', { payloads: [plainPayload] });
    expect(encoded.status).toBe(200);
    expect(encoded.headers.get('access-control-allow-origin')).toBe(UI);
    const { payloads } = (await encoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(payloads[0]!.metadata['encryption-key-id']!, 'base64').toString()).toBe('k1');
    expect(Buffer.from(payloads[0]!.data, 'base64').includes('4111')).toBe(false);
    const decoded = await post('/decode', { payloads });
    expect(await decoded.json()).toEqual({ payloads: [plainPayload] });
  });

  it('answers the CORS preflight for allowed origins only', async () => {
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type, x-namespace, authorization');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const other = await post('/decode', { payloads: [] }, { origin: 'http://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects bad requests with a message', async () => {
    expect((await post('/decode', '{not json')).status).toBe(400);
    const wrongShape = await post('/decode', { items: [] });
    expect(wrongShape.status).toBe(400);
    expect(await wrongShape.json()).toEqual({ error: 'body must be {"payloads":[...]}' });
    const foreign = await post('/decode', {
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
    expect((await fetch(`${server.url}/other`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${server.url}/decode`)).status).toBe(405);
  });
});
