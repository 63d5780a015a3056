import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RouterClient } from '../../src/client/router-client.js';
import { loadPolicyFile } from '../../src/config/load-policy.js';
import { type FakeProvider, startFakeProvider } from '../../src/fake-provider/index.js';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import { ATTEMPT_SPAN_NAME } from '../../src/telemetry/attempt-span.js';
import { tracedWorkflowBundle } from '../../src/telemetry/traced-workflow-bundle.js';
import { type SwitchyardTracing, tracingFromEnv } from '../../src/telemetry/tracing.js';
import { PACKAGE_ROOT } from '../../src/temporal/paths.js';
import { createSwitchyardWorker } from '../../src/worker/create-worker.js';
import { loadWorkerTrust } from '../../src/worker/worker-config.js';

/**
 * OpenTelemetry end to end: a gateway request routed by a traced worker, its spans exported over OTLP/HTTP
 * (JSON) to a tiny receiver on loopback. The fault-drill route `503` fails twice on one model and falls back.
 */
const policy = loadPolicyFile(join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml'));
const PROMPT = `tracing-prompt-${randomUUID()}`;

/** A span as the OTLP/HTTP JSON encoding carries it, attributes flattened. */
interface ReceivedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  kind: number;
  status: { code?: number; message?: string };
  attributes: Record<string, string | number | boolean>;
  serviceName: string;
}

const bodies: string[] = [];
let receiver: Server;
let tracing: SwitchyardTracing;
let fake: FakeProvider;
let gateway: Gateway;
let stop: () => Promise<void>;
let bundlePath: string;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by an earlier file in this process.
  }
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') {
        expect(request.headers['content-type']).toContain('application/json');
        bodies.push(Buffer.concat(chunks).toString('utf8'));
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const configured = tracingFromEnv(
    { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'switchyard-test' },
    'switchyard-worker',
  );
  if (!configured) throw new Error('tracing not configured from OTEL_EXPORTER_OTLP_ENDPOINT');
  tracing = configured;

  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  fake = await startFakeProvider({ port: 0 });
  const taskQueue = `tracing-${randomUUID().slice(0, 8)}`;
  const workerConnection = await NativeConnection.connect({ address });
  bundlePath = await tracedWorkflowBundle();
  const worker = await createSwitchyardWorker({
    connection: workerConnection,
    trust: loadWorkerTrust({ loaded: [policy] }, { env: {} }),
    namespace,
    taskQueue,
    workflowBundlePath: bundlePath,
    activities: { fakeProviderUrl: fake.url },
    tracing,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace, interceptors: tracing.clientInterceptors });
  const router = new RouterClient({ client, policy, taskQueue });
  gateway = await startGateway({ router, client, policy, port: 0 });
  stop = async () => {
    await gateway.close();
    worker.shutdown();
    await running;
    await Promise.all([workerConnection.close(), connection.close(), fake.close()]);
  };
});

afterAll(async () => {
  await stop?.();
  await tracing?.shutdown();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

/** Every span received so far. */
function receivedSpans(): ReceivedSpan[] {
  return bodies.flatMap((body) => {
    const parsed = JSON.parse(body) as OtlpTraces;
    return parsed.resourceSpans.flatMap((resourceSpans) => {
      const serviceName = String(flatten(resourceSpans.resource.attributes)['service.name']);
      return resourceSpans.scopeSpans.flatMap((scope) =>
        scope.spans.map((span) => ({
          name: span.name,
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || undefined,
          kind: span.kind,
          status: span.status ?? {},
          attributes: flatten(span.attributes),
          serviceName,
        })),
      );
    });
  });
}

/** Flushes until `done` holds for the received spans (workflow spans arrive through a sink, a little later). */
async function spansWhen(done: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
  for (let tries = 0; tries < 50; tries += 1) {
    await tracing.forceFlush();
    const spans = receivedSpans();
    if (done(spans)) return spans;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return receivedSpans();
}

describe('tracing', () => {
  it('traces a gateway request through the workflow to each model attempt, without prompt text', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: '503', messages: [{ role: 'user', content: PROMPT }] }),
    });
    expect(response.status).toBe(200);
    const workflowId = response.headers.get('x-switchyard-workflow-id')!;
    const isWorkflowSpan = (span: ReceivedSpan) => span.name === 'RunWorkflow:routeRequestWorkflow';
    const spans = await spansWhen(
      (all) =>
        all.some((span) => span.name === 'POST /v1/chat/completions') &&
        all.filter((span) => span.name === ATTEMPT_SPAN_NAME).length >= 3 &&
        all.some(isWorkflowSpan),
    );
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const ancestors = (span: ReceivedSpan): string[] => {
      const names: string[] = [];
      for (let at = byId.get(span.parentSpanId ?? ''); at; at = byId.get(at.parentSpanId ?? '')) names.push(at.name);
      return names;
    };

    const request = spans.find((span) => span.name === 'POST /v1/chat/completions')!;
    expect(request.kind).toBe(2); // SERVER
    expect(request.parentSpanId).toBeUndefined();
    expect(request.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/chat/completions',
      'http.response.status_code': 200,
      'switchyard.workflow_id': workflowId,
    });
    expect(request.serviceName).toBe('switchyard-test');

    const attempts = spans
      .filter((span) => span.name === ATTEMPT_SPAN_NAME)
      .sort((a, b) => Number(a.attributes['switchyard.attempt.n']) - Number(b.attributes['switchyard.attempt.n']));
    expect(attempts.map((span) => span.attributes['switchyard.model'])).toEqual(['503', '503', 'ok']);
    expect(attempts[0]!.attributes).toMatchObject({
      'switchyard.provider': 'fake-openai',
      'switchyard.attempt.n': 1,
      'switchyard.attempt.role': 'primary',
      'switchyard.outcome': 'error',
      'switchyard.error_kind': 'transient',
      'error.type': 'Overloaded',
      'http.response.status_code': 503,
    });
    expect(attempts[0]!.status).toMatchObject({ code: 2, message: 'Overloaded' }); // ERROR
    const answered = attempts[2]!;
    expect(answered.attributes).toMatchObject({
      'switchyard.provider': 'fake-anthropic',
      'switchyard.attempt.n': 3,
      'switchyard.attempt.role': 'fallback',
      'switchyard.outcome': 'ok',
      'gen_ai.operation.name': 'chat',
    });
    expect(answered.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(answered.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(answered.attributes['switchyard.cost_usd']).toBeGreaterThan(0);
    expect(answered.kind).toBe(3); // CLIENT

    // One trace, parent to child: request → start → workflow → activity start → activity run → attempt. The first
    // attempt runs on the fast path, made ahead inside the resolvePolicy local activity (docs/workflow-changes.md);
    // the retry and fallback run as callModel activities.
    for (const [index, span] of attempts.entries()) {
      const activity = index === 0 ? 'resolvePolicy' : 'callModel';
      expect(span.traceId).toBe(request.traceId);
      expect(ancestors(span)).toEqual([
        `RunActivity:${activity}`,
        `StartActivity:${activity}`,
        'RunWorkflow:routeRequestWorkflow',
        'StartWorkflow:routeRequestWorkflow',
        'POST /v1/chat/completions',
      ]);
    }
    // The Anthropic SDK's own span of the provider call nests under the attempt (metadata only).
    const providerCall = spans.find((span) => span.parentSpanId === answered.spanId);
    expect(providerCall?.name).toBe('anthropic.messages.create');
    expect(providerCall?.attributes['gen_ai.usage.output_tokens']).toBe(
      answered.attributes['gen_ai.usage.output_tokens'],
    );

    const workflow = spans.find((span) => span.name === 'RunWorkflow:routeRequestWorkflow')!;
    expect(byId.get(workflow.parentSpanId!)?.attributes.temporalWorkflowId).toBe(workflowId);
    expect(byId.get(attempts[0]!.parentSpanId!)?.attributes.temporalWorkflowId).toBe(workflowId);

    // Never the prompt: not in any attribute, event, status or resource of anything exported.
    expect(bodies.join('\n')).not.toContain(PROMPT);
    expect(bodies.join('\n')).not.toContain(PROMPT.slice(0, 20));
  });

  it('adds only OpenTelemetry and Temporal interceptor packages to the traced workflow bundle', () => {
    const code = readFileSync(bundlePath, 'utf8');
    const packages = new Set(
      [...code.matchAll(/node_modules\/((?:@[a-z0-9_.-]+\/)?[a-z0-9_.-]+)/g)].map((match) => match[1]),
    );
    // The plain bundle's list (workflow-bundle.test.ts) plus the interceptors and the OpenTelemetry SDK
    // they run in the sandbox (no exporter, no Node I/O: spans leave the sandbox through a sink).
    expect([...packages].sort()).toEqual([
      '@noble/curves',
      '@noble/hashes',
      '@opentelemetry/api',
      '@opentelemetry/core',
      '@opentelemetry/resources',
      '@opentelemetry/sdk-trace-base',
      '@opentelemetry/semantic-conventions',
      '@temporalio/common',
      '@temporalio/interceptors-opentelemetry',
      '@temporalio/workflow',
      'jsonrepair',
      'long',
      'ms',
      'nexus-rpc',
      're2js',
      'zod',
    ]);
  });
});

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean };
}

interface OtlpTraces {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: {
      spans: {
        name: string;
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        kind: number;
        status?: { code?: number; message?: string };
        attributes: OtlpAttribute[];
      }[];
    }[];
  }[];
}

function flatten(attributes: OtlpAttribute[]): Record<string, string | number | boolean> {
  return Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ??
        (value.intValue === undefined ? undefined : Number(value.intValue)) ??
        value.doubleValue ??
        value.boolValue ??
        '',
    ]),
  );
}

describe('tracingFromEnv', () => {
  it('refuses a provider SDK setting that would export prompt text', () => {
    expect(() =>
      tracingFromEnv(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE: 'content' },
        'x',
      ),
    ).toThrow(/prompt text/);
  });
});
