import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AesGcmPayloadCodec } from './aes-gcm-codec.js';
import type { CodecKey } from './keys.js';
import { payloadsFromJson, payloadsToJson } from './payload-json.js';

export interface CodecServerSettings {
  /** Keys, newest first (the first encrypts, all decrypt). */
  keys: readonly CodecKey[];
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * Origins allowed to call it from a browser (`*` for any).
   * @default the dev Web UI: http://localhost:8233 and http://127.0.0.1:8233
   */
  corsOrigins?: string[];
}

export interface CodecServer {
  /** Base URL, e.g. `http://127.0.0.1:8888`: the Web UI's codec endpoint. */
  url: string;
  close(): Promise<void>;
}

/** Largest request body accepted, bytes. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
export const DEFAULT_CORS_ORIGINS = ['http://localhost:8233', 'http://127.0.0.1:8233'];

/**
 * The remote codec endpoint for the Temporal Web UI and CLI: `POST /decode` and `POST /encode` with
 * `{payloads:[{metadata,data}]}` (base64). People whose browser can reach it see decrypted payloads, so it
 * listens on loopback by default and answers CORS only for the configured origins.
 */
export async function startCodecServer(settings: CodecServerSettings): Promise<CodecServer> {
  const codec = new AesGcmPayloadCodec(settings.keys);
  const origins = settings.corsOrigins ?? DEFAULT_CORS_ORIGINS;
  const server = createServer((request, response) => {
    handle(request, response, codec, origins).catch((error: unknown) => {
      send(response, 500, { error: (error as Error).message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port ?? 0, settings.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  codec: AesGcmPayloadCodec,
  origins: string[],
): Promise<void> {
  const origin = request.headers.origin;
  if (origin && (origins.includes('*') || origins.includes(origin))) {
    response.setHeader('access-control-allow-origin', origins.includes('*') ? '*' : origin);
    response.setHeader('vary', 'origin');
    if (!origins.includes('*')) response.setHeader('access-control-allow-credentials', 'true');
  }
  const path = (request.url ?? '/').split('?')[0];
  if (request.method === 'OPTIONS') {
    response.setHeader('access-control-allow-methods', 'POST, OPTIONS');
    response.setHeader('access-control-allow-headers', 'content-type, x-namespace, authorization');
    response.setHeader('access-control-max-age', '600');
    response.writeHead(204).end();
    return;
  }
  if (path !== '/encode' && path !== '/decode') return send(response, 404, { error: 'use POST /encode or /decode' });
  if (request.method !== 'POST') return send(response, 405, { error: 'use POST' });
  let body: unknown;
  try {
    body = JSON.parse(await readBody(request));
  } catch (error) {
    return send(response, 400, { error: `invalid JSON body: ${(error as Error).message}` });
  }
  let payloads: ReturnType<typeof payloadsFromJson>;
  try {
    payloads = payloadsFromJson(body);
  } catch (error) {
    return send(response, 400, { error: (error as Error).message });
  }
  try {
    const result = path === '/encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    send(response, 200, payloadsToJson(result));
  } catch (error) {
    send(response, 400, { error: (error as Error).message });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`body larger than ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
