import http from 'node:http';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouterClient } from '../../../src/client/router-client.js';
import { loadPolicyFile } from '../../../src/config/load-policy.js';
import { type Gateway, startGateway } from '../../../src/gateway/start-gateway.js';
import type { RouteRequest } from '../../../src/policy/types.js';
import { freePort } from '../../../src/temporal/free-port.js';
import { PACKAGE_ROOT } from '../../../src/temporal/paths.js';

/**
 * The gateway reads request bodies straight from Node's request on a real HTTP server (read-json-body.ts): the
 * limit holds for bodies without a Content-Length, a body in pieces arrives whole, and a client that leaves mid-body
 * changes nothing. The router records what it was asked to start and stops there.
 */
const policy = loadPolicyFile(join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml'));
const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 200 });
const client = new Client({ connection });
const LIMIT = 64 * 1024;

let gateway: Gateway;
const started: RouteRequest[] = [];

beforeAll(async () => {
  const router = new RouterClient({ client, policy, searchAttributes: false });
  router.start = async (request) => {
    started.push(request);
    throw new Error('test router: not starting anything');
  };
  gateway = await startGateway({ router, client, policy, port: 0, maxBodyBytes: LIMIT, startTimeoutMs: 300 });
});

afterAll(async () => {
  await gateway?.close();
  await connection.close();
});

interface Sent {
  status: number;
  body: string;
  /** Body bytes written before the answer came (or the connection closed). */
  written: number;
  closed: boolean;
}

/** POSTs a chunked body, writing `pieces` one per event-loop turn until they run out or the gateway answers. */
function postChunked(pieces: Iterable<string | Buffer>, agent?: http.Agent): Promise<Sent> {
  const url = new URL(`${gateway.url}/v1/chat/completions`);
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      ...(agent ? { agent } : {}),
    });
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          written,
          closed: response.headers.connection === 'close',
        }),
      );
    });
    request.on('error', (error) => (answered ? undefined : reject(error)));
    const iterator = pieces[Symbol.iterator]();
    const next = () => {
      if (answered || request.destroyed) return;
      const piece = iterator.next();
      if (piece.done) {
        request.end();
        return;
      }
      written += Buffer.byteLength(piece.value);
      request.write(piece.value, () => setImmediate(next));
    };
    next();
  });
}

/** The body in pieces of `size` bytes: multi-byte characters are split between pieces. */
const bodyPieces = (text: string, size: number) => {
  const body = Buffer.from(JSON.stringify({ model: 'ok', messages: [{ role: 'user', content: text }] }));
  const pieces: Buffer[] = [];
  for (let at = 0; at < body.length; at += size) pieces.push(body.subarray(at, at + size));
  return pieces;
};

describe('gateway: request bodies read from the Node request', () => {
  it('answers 413 to a body without Content-Length once it passes the limit, reads no further, and closes', async () => {
    const before = started.length;
    function* endless() {
      yield `{"model":"ok","messages":[{"role":"user","content":"`;
      for (;;) yield 'z'.repeat(16 * 1024);
    }
    const sent = await postChunked(endless());
    expect(sent.status).toBe(413);
    expect(JSON.parse(sent.body)).toMatchObject({ error: { code: 'request_too_large' } });
    expect(sent.written).toBeLessThan(LIMIT + 64 * 16 * 1024); // stopped early, not after megabytes
    expect(sent.closed).toBe(true);
    expect(started.length).toBe(before);
  });

  it('puts together a body sent in many small pieces', async () => {
    const before = started.length;
    const text = `in pieces ${'ä'.repeat(300)} ${'🚂'.repeat(50)}`;
    const sent = await postChunked(bodyPieces(text, 7));
    expect(sent.status).toBeGreaterThanOrEqual(500); // the test router refuses to start anything
    expect(started.slice(before).map((request) => request.messages[0]?.content)).toEqual([text]);
  });

  it('a client that leaves mid-body starts nothing, and the gateway answers the next request', async () => {
    const before = started.length;
    const url = new URL(`${gateway.url}/v1/chat/completions`);
    await new Promise<void>((resolve) => {
      const request = http.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      request.on('error', () => resolve());
      request.write('{"model":"ok","messages":[{"role":"user","content":"half', () => {
        setTimeout(() => {
          request.destroy();
          resolve();
        }, 50);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const models = await fetch(`${gateway.url}/v1/models`);
    expect(models.status).toBe(200);
    const sent = await postChunked(bodyPieces('after the one that left', 1000));
    expect(sent.status).toBeGreaterThanOrEqual(500);
    expect(started.slice(before).map((request) => request.messages[0]?.content)).toEqual(['after the one that left']);
  });

  it('a body that is not JSON is a 400, whatever its pieces', async () => {
    const sent = await postChunked(['{"model": "ok", ', '"messages": [', 'oops']);
    expect(sent.status).toBe(400);
    expect(JSON.parse(sent.body)).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});
