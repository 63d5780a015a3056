import { context, propagation, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { envDetectorSync, Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { OpenTelemetryPlugin, OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';

/** Name of the tracer Switchyard's own spans (gateway request, model attempt) come from. */
export const SWITCHYARD_TRACER = 'switchyard';

export interface TracingSettings {
  /** `service.name` of every span. */
  serviceName: string;
  /** Where spans go. @default OTLP/HTTP (JSON) to `url` */
  exporter?: SpanExporter;
  /** OTLP/HTTP traces endpoint, e.g. `http://127.0.0.1:4318/v1/traces`. Used when no `exporter` is given. */
  url?: string;
}

/** Temporal Client interceptors (workflow starts, signals, queries, updates) that propagate the trace. */
export interface TracingClientInterceptors {
  workflow: WorkflowClientInterceptor[];
}

/** Tracing for one process: a registered tracer provider and the Temporal plugin that feeds it. */
export interface SwitchyardTracing {
  readonly tracer: Tracer;
  /**
   * Temporal's OpenTelemetry plugin on this provider, for a Worker (activity spans, workflow spans through
   * a sink) or a Client (`new Client({ plugins: [tracing.plugin] })`). Workflow spans also need a traced
   * workflow bundle: `createSwitchyardWorker({ tracing })` uses one.
   */
  readonly plugin: OpenTelemetryPlugin;
  /** Client interceptors that start workflows inside the caller's trace (`new Client({ interceptors })`). */
  readonly clientInterceptors: TracingClientInterceptors;
  /** Exports the spans still buffered. */
  forceFlush(): Promise<void>;
  /** Exports what is buffered, then unregisters the provider. Call once, at process exit. */
  shutdown(): Promise<void>;
}

/**
 * Registers a tracer provider for this process (global API, AsyncLocalStorage context, W3C trace context)
 * with a batching OTLP/HTTP exporter. Call once, at the edge (a CLI command, a test, your own main).
 */
export function startTracing(settings: TracingSettings): SwitchyardTracing {
  const resource = Resource.default()
    .merge(envDetectorSync.detect())
    .merge(new Resource({ 'service.name': settings.serviceName }));
  const exporter = settings.exporter ?? new OTLPTraceExporter(settings.url ? { url: settings.url } : {});
  const spanProcessor: SpanProcessor = new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const tracer = provider.getTracer(SWITCHYARD_TRACER);
  return {
    tracer,
    plugin: new OpenTelemetryPlugin({ resource, spanProcessor, tracer }),
    clientInterceptors: tracingClientInterceptors(tracer),
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/**
 * Interceptors for a Temporal Client whose workflow starts should join the current trace (a RouterClient's
 * client): `new Client({ connection, interceptors: tracingClientInterceptors() })`. Uses the globally
 * registered provider unless a tracer is given; a no-op while none is registered.
 */
export function tracingClientInterceptors(tracer?: Tracer): TracingClientInterceptors {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor(tracer ? { tracer } : {})] };
}

/**
 * The same client (connection, namespace, data converter, interceptors) plus the tracing client
 * interceptors, for a Client someone else connected (the CLI's `connectClient`).
 */
export function tracedClient(client: Client, tracing: Pick<SwitchyardTracing, 'clientInterceptors'>): Client {
  const { connection, namespace, identity, dataConverter, interceptors } = client.options;
  const existing = Array.isArray(interceptors.workflow) ? interceptors.workflow : [];
  return new Client({
    connection,
    namespace,
    identity,
    ...(dataConverter ? { dataConverter } : {}),
    interceptors: { ...interceptors, workflow: [...existing, ...tracing.clientInterceptors.workflow] },
  });
}

/**
 * Tracing as the standard OpenTelemetry variables configure it, or null (and nothing registered) when no
 * OTLP endpoint is set: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is) or `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (plus `/v1/traces`), `OTEL_SERVICE_NAME` (default `defaultServiceName`). `OTEL_SDK_DISABLED=true` or
 * `OTEL_TRACES_EXPORTER=none` turn it off; `ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE=content` is refused. Headers, timeouts and sampling follow the other `OTEL_*` variables.
 */
export function tracingFromEnv(env: NodeJS.ProcessEnv, defaultServiceName: string): SwitchyardTracing | null {
  const url = tracesEndpoint(env);
  if (url === null) return null;
  // The Anthropic SDK traces its own calls under the attempt span; in this mode it would add the messages.
  if (env.ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE?.trim().toLowerCase() === 'content') {
    throw new Error(
      'tracing: ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE=content would export prompt text; Switchyard spans never carry it (unset the variable)',
    );
  }
  return startTracing({ serviceName: env.OTEL_SERVICE_NAME?.trim() || defaultServiceName, url });
}

/** The OTLP/HTTP traces URL the environment configures, or null when tracing is off. */
export function tracesEndpoint(env: NodeJS.ProcessEnv): string | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return null;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return null;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : null;
}
