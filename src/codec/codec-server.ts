import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AesGcmPayloadCodec } from './aes-gcm-codec.js';
import type { CodecKey } from './keys.js';
import { payloadsFromJson, payloadsToJson } from './payload-json.js';

/** Environment variable holding the codec server's access token. */
export const CODEC_TOKEN_ENV = 'SWITCHYARD_CODEC_TOKEN';

/** Shortest access token accepted, characters. */
export const MIN_CODEC_TOKEN_LENGTH = 16;

/** Header a client may send the token in, besides `Authorization: Bearer TOKEN`. */
export const CODEC_TOKEN_HEADER = 'x-switchyard-codec-token';

export interface CodecServerSettings {
  /** Keys, newest first (the first encrypts, all decrypt). */
  keys: readonly CodecKey[];
  /**
   * Access token every `/encode` and `/decode` must present (at least 16 characters): as
   * `Authorization: Bearer TOKEN`, as `X-Switchyard-Codec-Token: TOKEN`, or as the first path segment
   * (`/TOKEN/decode`, for Web UIs that cannot add headers). Anything else gets 401.
   */
  token: string;
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * Origins allowed to call it from a browser (no wildcard); other origins get 403.
   * @default the dev Web UI: http://localhost:8233 and http://127.0.0.1:8233
   */
  corsOrigins?: string[];
}

export interface CodecServer {
  /**
   * The codec endpoint for the Web UI, with the token as its first path segment
   * (`http://127.0.0.1:8888/TOKEN`): a secret, like the token itself.
   */
  url: string;
  /** The base URL without the token (`http://127.0.0.1:8888`), for clients that send it as a header. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Largest request body accepted, bytes. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
export const DEFAULT_CORS_ORIGINS = ['http://localhost:8233', 'http://127.0.0.1:8233'];

/** The token from `SWITCHYARD_CODEC_TOKEN`, or null when unset or blank. */
export function codecTokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  return env[CODEC_TOKEN_ENV]?.trim() || null;
}

/** A new random access token (URL-safe, 43 characters). */
export function generateCodecToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The remote codec endpoint for the Temporal Web UI and CLI: `POST /decode` and `POST /encode` with
 * `{payloads:[{metadata,data}]}` (base64). Whoever can call it can read history payloads and forge
 * encrypted ones, so every call needs the access token (compared in constant time), it listens on
 * loopback by default, and browsers are answered only from the configured origins.
 */
export async function startCodecServer(settings: CodecServerSettings): Promise<CodecServer> {
  if (typeof settings.token !== 'string' || settings.token.length < MIN_CODEC_TOKEN_LENGTH) {
    throw new Error(`codec server: the access token must be at least ${MIN_CODEC_TOKEN_LENGTH} characters`);
  }
  if (!/^[A-Za-z0-9._~-]+$/.test(settings.token)) {
    throw new Error('codec server: the access token may use letters, digits, ".", "_", "~" and "-" only');
  }
  const origins = settings.corsOrigins ?? DEFAULT_CORS_ORIGINS;
  if (origins.includes('*')) throw new Error('codec server: CORS origins must be listed one by one (no "*")');
  const codec = new AesGcmPayloadCodec(settings.keys);
  const tokenMatches = createTokenCheck(settings.token);
  const server = createServer((request, response) => {
    handle(request, response, { codec, origins, tokenMatches }).catch((error: unknown) => {
      send(response, 500, { error: (error as Error).message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port ?? 0, settings.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const baseUrl = `http://${host}:${address.port}`;
  return {
    url: `${baseUrl}/${settings.token}`,
    baseUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface Handling {
  codec: AesGcmPayloadCodec;
  origins: string[];
  tokenMatches: (presented: string | undefined) => boolean;
}

async function handle(request: IncomingMessage, response: ServerResponse, handling: Handling): Promise<void> {
  const { codec, origins, tokenMatches } = handling;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (!origins.includes(origin))
      return send(response, 403, { error: `origin ${origin.slice(0, 200)} is not allowed` });
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('access-control-allow-credentials', 'true');
    response.setHeader('vary', 'origin');
  }
  if (request.method === 'OPTIONS') {
    response.setHeader('access-control-allow-methods', 'POST, OPTIONS');
    response.setHeader(
      'access-control-allow-headers',
      `content-type, x-namespace, authorization, ${CODEC_TOKEN_HEADER}`,
    );
    response.setHeader('access-control-max-age', '600');
    response.writeHead(204).end();
    return;
  }
  // Only the last path segment names the operation (the codec protocol); one segment before it is the token.
  const segments = (request.url ?? '/')
    .split('?')[0]!
    .split('/')
    .filter((segment) => segment !== '');
  const operation = segments.at(-1);
  if ((operation !== 'encode' && operation !== 'decode') || segments.length > 2) {
    return send(response, 404, { error: 'use POST /encode or /decode' });
  }
  if (request.method !== 'POST') return send(response, 405, { error: 'use POST' });
  const presented = [segments.length === 2 ? segments[0] : undefined, ...headerTokens(request)];
  if (!presented.some(tokenMatches)) {
    response.setHeader('www-authenticate', 'Bearer realm="switchyard-codec"');
    return send(response, 401, { error: 'missing or wrong codec access token' });
  }
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
    const result = operation === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    send(response, 200, payloadsToJson(result));
  } catch (error) {
    send(response, 400, { error: (error as Error).message });
  }
}

/** Tokens sent in headers: `Authorization: Bearer …` and `X-Switchyard-Codec-Token`. */
function headerTokens(request: IncomingMessage): (string | undefined)[] {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
  const header = request.headers[CODEC_TOKEN_HEADER];
  return [bearer, typeof header === 'string' ? header.trim() : undefined];
}

/** Constant-time comparison (of digests, so lengths leak nothing either). */
function createTokenCheck(token: string): (presented: string | undefined) => boolean {
  const expected = digest(token);
  return (presented) => presented !== undefined && timingSafeEqual(expected, digest(presented));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
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
