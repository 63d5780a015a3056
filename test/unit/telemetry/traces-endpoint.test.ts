import { describe, expect, it } from 'vitest';
import { tracesEndpoint } from '../../../src/telemetry/tracing.js';

describe('tracesEndpoint', () => {
  it('reads the standard OTLP variables', () => {
    expect(tracesEndpoint({})).toBeNull();
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(
      tracesEndpoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom',
      }),
    ).toBe('http://traces:4318/custom');
  });

  it('is off when the SDK or the trace exporter is disabled', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(tracesEndpoint({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' })).toBeNull();
    expect(tracesEndpoint({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toBeNull();
  });
});
