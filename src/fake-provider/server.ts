import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { anthropicWire } from './anthropic-wire.js';
import { AttemptLog, type FakeAttempt, type FakeAttemptFilter } from './attempt-log.js';
import { BEHAVIOUR_NAMES } from './behaviours.js';
import { BoundedMap } from './bounded-map.js';
import { type FakeProviderLogger, type FakeProviderState, handleModelRequest } from './handle-model-request.js';
import { openAIWire } from './openai-wire.js';
import { type FakeModelProfile, validateProfile } from './profiles.js';
import { createSeededRandom } from './seeded-random.js';

export interface FakeProviderSettings {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Simulated models by name, matched before the built-in behaviours (see `profiles.ts`). @default {} */
  profiles?: Record<string, FakeModelProfile>;
  /** Seed of all simulated randomness (profiles). @default 1 */
  seed?: number;
  /** Attempts kept in the log (oldest dropped first). @default 100000 */
  maxAttempts?: number;
  logger?: FakeProviderLogger;
}

/** A running fake provider. */
export interface FakeProvider {
  /** `http://HOST:PORT`; OpenAI clients use `${url}/v1`, Anthropic clients `url`. */
  readonly url: string;
  readonly port: number;
  /** Attempts received so far (copies), oldest first. */
  attempts(filter?: FakeAttemptFilter): FakeAttempt[];
  clearAttempts(): void;
  /** Stops listening and destroys every open connection, hanging ones included. */
  close(): Promise<void>;
}

/** Largest request body accepted, bytes. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Starts the fake LLM provider: a real HTTP server speaking the OpenAI Chat Completions and Anthropic
 * Messages wire formats (JSON and SSE), whose model name selects the behaviour (see `behaviours.ts`).
 */
export async function startFakeProvider(settings: FakeProviderSettings = {}): Promise<FakeProvider> {
  const profiles = settings.profiles ?? {};
  for (const [name, profile] of Object.entries(profiles)) validateProfile(name, profile);
  const capacity = settings.maxAttempts ?? 100_000;
  const state: FakeProviderState = {
    log: new AttemptLog(capacity),
    attemptCounts: new BoundedMap(capacity),
    firstSeen: new BoundedMap(capacity),
    profiles,
    random: createSeededRandom(settings.seed ?? 1),
    logger: settings.logger,
  };
  const sockets = new Set<Socket>();
  const inflight = new Set<AbortController>();
  const server = createServer((request, response) => {
    const controller = new AbortController();
    inflight.add(controller);
    response.once('close', () => {
      inflight.delete(controller);
      controller.abort();
    });
    route(state, request, response, controller.signal).catch((error: unknown) => {
      settings.logger?.warn({ error: String(error) }, 'fake provider request failed');
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const host = settings.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    attempts: (filter) => state.log.list(filter),
    clearAttempts: () => state.log.clear(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const controller of inflight) controller.abort();
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

async function route(
  state: FakeProviderState,
  request: IncomingMessage,
  response: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://fake.invalid');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = request.method ?? 'GET';
  const sendJson = (status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (path === '/_health' && method === 'GET') return sendJson(200, { ok: true });
  if (path === '/_attempts' && method === 'GET') {
    const model = url.searchParams.get('model') ?? undefined;
    const workflowId = url.searchParams.get('workflowId') ?? undefined;
    return sendJson(200, { attempts: state.log.list({ model, workflowId }) });
  }
  if (path === '/_attempts' && method === 'DELETE') {
    state.log.clear();
    response.writeHead(204).end();
    return;
  }
  if ((path === '/v1/models' || path === '/models') && method === 'GET') {
    return sendJson(200, modelList(state, request.headers['anthropic-version'] !== undefined));
  }
  const wire =
    path === '/v1/chat/completions' || path === '/chat/completions'
      ? openAIWire
      : path === '/v1/messages' || path === '/messages'
        ? anthropicWire
        : null;
  if (wire === null || method !== 'POST') {
    const status = wire === null ? 404 : 405;
    const message = `No route for ${method} ${path}`;
    if (path.endsWith('/messages'))
      return sendJson(status, { type: 'error', error: { type: 'not_found_error', message } });
    return sendJson(status, { error: { message, type: 'invalid_request_error', param: null, code: null } });
  }
  const body = await readBody(request);
  if (body === null) {
    response.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
    response.end(JSON.stringify({ error: { message: 'Request too large', type: 'invalid_request_error' } }));
    return;
  }
  await handleModelRequest(state, wire, request, response, body, signal);
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function modelList(state: FakeProviderState, anthropic: boolean): unknown {
  const names = [...Object.keys(state.profiles), ...BEHAVIOUR_NAMES];
  if (anthropic) {
    const data = names.map((id) => ({ type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' }));
    return { data, has_more: false, first_id: names[0] ?? null, last_id: names.at(-1) ?? null };
  }
  return {
    object: 'list',
    data: names.map((id) => ({ id, object: 'model', created: 0, owned_by: 'switchyard-fake' })),
  };
}
