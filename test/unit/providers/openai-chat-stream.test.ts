import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAICompatibleAdapter } from '../../../src/providers/openai-compatible-adapter.js';
import { SseParser } from '../../../src/providers/sse-parser.js';
import { callError, callRequest, limits } from './fake-harness.js';

const chunk = (content: string, finish: string | null = null) =>
  JSON.stringify({ model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: finish }] });

describe('SseParser: events read as the official SDKs read them', () => {
  it('joins pieces cut anywhere, ends lines in \\n or \\r\\n, skips comments, joins data lines', () => {
    const parser = new SseParser();
    const text = ': keep-alive\r\nevent: message\r\ndata: {"a":\r\ndata: 1}\r\n\r\ndata: [DONE]\n\n';
    const events = [...text].flatMap((character) => parser.push(character));
    expect(events).toEqual([
      { event: 'message', data: '{"a":\n1}' },
      { event: null, data: '[DONE]' },
    ]);
  });

  it('drops an event the stream never ends with a blank line, and a blank line with nothing before it', () => {
    const parser = new SseParser();
    expect(parser.push('\n\ndata: cut')).toEqual([]);
    expect(parser.push(' off')).toEqual([]);
  });
});

describe('the OpenAI-compatible adapter over its own HTTP client', () => {
  let server: Server;
  let baseURL: string;
  const seen: { headers: IncomingHttpHeaders; body: Record<string, unknown>; port: number }[] = [];
  let reply: (response: ServerResponse) => void = () => {};

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (piece) => {
        body += piece;
      });
      request.on('end', () => {
        seen.push({ headers: request.headers, body: JSON.parse(body), port: request.socket.remotePort ?? 0 });
        reply(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const adapter = () =>
    createOpenAICompatibleAdapter({
      kind: 'openai-compatible',
      providerId: 'p',
      modelId: 'm',
      baseURL,
      apiKey: 'sk-test',
      headers: { 'x-tenant': 'acme' },
    });
  const streamed = (events: string[]) => (response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.end(events.map((event) => `data: ${event}\r\n\r\n`).join(''));
  };

  it('sends the key, the configured and trace headers and a streaming body; reuses one pooled connection', async () => {
    seen.length = 0;
    reply = streamed([chunk('Hel'), chunk('lo', 'stop'), '[DONE]', 'not json, after the end']);
    const request = callRequest('wf-h', { trace: { workflowId: 'wf-h', attempt: 2 } });
    for (let call = 0; call < 2; call++) {
      const result = await adapter().generate(request, limits());
      expect(result).toMatchObject({ text: 'Hello', finishReason: { unified: 'stop' } });
    }
    expect(seen[0]?.headers).toMatchObject({
      authorization: 'Bearer sk-test',
      'x-tenant': 'acme',
      'x-switchyard-workflow-id': 'wf-h',
      'x-switchyard-attempt': '2',
      'content-type': 'application/json',
    });
    expect(seen[0]?.body).toMatchObject({ model: 'm', stream: true, stream_options: { include_usage: true } });
    expect(seen[1]?.port).toBe(seen[0]?.port);
  });

  it('an error status with a JSON body: classified by status and code, Retry-After kept', async () => {
    reply = (response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': '1500' });
      response.end(JSON.stringify({ error: { type: 'requests', code: 'rate_limit_exceeded', message: 'slow down' } }));
    };
    const error = await callError(adapter().generate(callRequest('wf-429'), limits()));
    expect(error).toMatchObject({ type: 'RateLimited', status: 429, retryAfterMs: 1500 });
    expect(error.message).not.toContain('slow down');
  });

  it('an error status with a plain-text body, and an error chunk inside a 200 stream', async () => {
    reply = (response) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end('bad gateway');
    };
    expect(await callError(adapter().generate(callRequest('wf-502'), limits()))).toMatchObject({
      type: 'ServerError',
      status: 502,
    });
    reply = streamed([chunk('par'), JSON.stringify({ error: { type: 'overloaded_error', message: 'busy' } })]);
    expect((await callError(adapter().generate(callRequest('wf-in-stream'), limits()))).type).toBe('Overloaded');
  });

  it('bad JSON in the stream is MalformedResponse; a connection dropped mid-stream is StreamTruncated', async () => {
    reply = streamed([chunk('a'), '{"cut']);
    expect((await callError(adapter().generate(callRequest('wf-json'), limits()))).type).toBe('MalformedResponse');
    reply = (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${chunk('part')}\n\n`);
      setTimeout(() => response.socket?.destroy(), 20);
    };
    expect((await callError(adapter().generate(callRequest('wf-drop'), limits()))).type).toBe('StreamTruncated');
  });

  // Pooled connections idle for 4 s are closed (openai-chat-stream.ts); one busy with a slow stream never is.
  it('a stream pausing longer than the idle-connection limit is read to its end', { timeout: 15_000 }, async () => {
    reply = (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${chunk('slow ')}\n\n`);
      setTimeout(() => response.end(`data: ${chunk('answer', 'stop')}\n\ndata: [DONE]\n\n`), 4_500);
    };
    const result = await adapter().generate(
      callRequest('wf-pause'),
      limits({ firstTokenTimeoutMs: 10_000, idleTimeoutMs: 10_000 }),
    );
    expect(result.text).toBe('slow answer');
  });

  it('a refused connection is ConnectionError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = createOpenAICompatibleAdapter({
      kind: 'openai-compatible',
      providerId: 'p',
      modelId: 'm',
      baseURL: `http://127.0.0.1:${port}/v1`,
    });
    expect((await callError(refused.generate(callRequest('wf-refused'), limits()))).type).toBe('ConnectionError');
  });
});
