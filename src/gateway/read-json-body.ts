import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidRequest, requestTooLarge, unsupportedMediaType } from './openai-error.js';

/**
 * Reads a JSON request body of at most `maxBytes`: 415 unless `Content-Type` is JSON (a browser can send
 * `text/plain` cross-origin without a preflight), 413 when `Content-Length` says too much or, whatever it
 * says, as soon as the bytes read pass the limit; 400 for text that is not JSON.
 */
export async function readJsonBody(request: Request, maxBytes: number, node?: NodeExchange): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw unsupportedMediaType(
      `Content-Type must be application/json, got ${type ? `"${type.slice(0, 100)}"` : 'none'}`,
    );
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text =
    node && !node.incoming.readableDidRead ? await readIncoming(node, maxBytes) : await readText(request, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest('request body must be a JSON object (Content-Type: application/json)');
  }
}

async function readText(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * The body straight from Node's request (on @hono/node-server): no Fetch Request and web stream are built for it
 * (~0.3 ms a request). Past the limit it stops reading and closes the connection once the 413 is written, so a body
 * that never ends is not read on.
 */
function readIncoming({ incoming, outgoing }: NodeExchange, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      done();
      incoming.pause();
      if (outgoing) outgoing.shouldKeepAlive = false;
      reject(tooLarge(maxBytes));
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onClose = () => {
      if (incoming.readableEnded) return;
      done();
      reject(new Error('client closed the connection before sending the whole body'));
    };
    if (incoming.destroyed) {
      reject(new Error('client closed the connection before sending the whole body'));
      return;
    }
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}

/** Node's side of an HTTP exchange, as @hono/node-server hands it to handlers (`c.env`). */
export interface NodeExchange {
  incoming: IncomingMessage;
  outgoing?: ServerResponse;
}

/** The Node request and response of a Hono context's `env`, when the app runs on @hono/node-server. */
export function nodeExchangeOf(env: unknown): NodeExchange | undefined {
  const { incoming, outgoing } = (env ?? {}) as { incoming?: IncomingMessage; outgoing?: ServerResponse };
  if (!incoming || typeof incoming.on !== 'function' || typeof incoming.readableDidRead !== 'boolean') return undefined;
  return { incoming, ...(outgoing && typeof outgoing.once === 'function' ? { outgoing } : {}) };
}

function tooLarge(maxBytes: number) {
  return requestTooLarge(`request body exceeds the gateway's limit of ${maxBytes} bytes`);
}
