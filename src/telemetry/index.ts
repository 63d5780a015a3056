// OpenTelemetry tracing for Switchyard processes (docs/observability.md).

export { ATTEMPT_SPAN_NAME, type AttemptSpanEnd, type AttemptSpanStart, startAttemptSpan } from './attempt-span.js';
export { traceGatewayRequests } from './trace-gateway-requests.js';
export { TRACING_WORKFLOW_MODULE, tracedWorkflowBundle } from './traced-workflow-bundle.js';
export {
  SWITCHYARD_TRACER,
  type SwitchyardTracing,
  startTracing,
  type TracingClientInterceptors,
  type TracingSettings,
  tracedClient,
  tracesEndpoint,
  tracingClientInterceptors,
  tracingFromEnv,
} from './tracing.js';
