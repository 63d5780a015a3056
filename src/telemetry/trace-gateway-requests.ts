import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { SWITCHYARD_TRACER } from './tracing.js';

/** Response header naming the request's workflow (set by the gateway). */
const WORKFLOW_ID_HEADER = 'x-switchyard-workflow-id';

/**
 * A SERVER span per gateway request (`POST /v1/chat/completions`), continuing the caller's W3C
 * `traceparent` when it sends one. The workflow start (Temporal's client interceptor) runs inside it, so
 * the workflow and its attempts join the same trace. Records method, route, status and workflow id; never
 * the body or headers. Without a registered provider it is a no-op. For a streamed answer the span ends
 * when the stream starts.
 */
export function traceGatewayRequests(route: string): MiddlewareHandler {
  return async (c, next) => {
    const tracer = trace.getTracer(SWITCHYARD_TRACER);
    const parent = propagation.extract(context.active(), Object.fromEntries(c.req.raw.headers));
    const span = tracer.startSpan(
      `${c.req.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': c.req.method, 'http.route': route, 'url.path': c.req.path },
      },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
      const status = c.res.status;
      span.setAttribute('http.response.status_code', status);
      const workflowId = c.res.headers.get(WORKFLOW_ID_HEADER);
      if (workflowId) span.setAttribute('switchyard.workflow_id', workflowId);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.name ?? 'Error' });
      throw error;
    } finally {
      span.end();
    }
  };
}
