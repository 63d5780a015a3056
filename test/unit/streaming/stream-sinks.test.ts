import { describe, expect, it } from 'vitest';
import { DEFAULT_STREAM_SINKS, sinkAllowed, streamSinksFromEnv } from '../../../src/streaming/stream-sinks.js';

describe('stream sinks (where a worker may post live answers)', () => {
  it('allows loopback gateways on any port by default and nothing else', () => {
    expect(sinkAllowed('http://127.0.0.1:8788/internal/streams/abcdefgh', DEFAULT_STREAM_SINKS)).toBe(true);
    expect(sinkAllowed('http://localhost:41234/internal/streams/abcdefgh', DEFAULT_STREAM_SINKS)).toBe(true);
    expect(sinkAllowed('http://[::1]:9/internal/streams/abcdefgh', DEFAULT_STREAM_SINKS)).toBe(true);
    expect(sinkAllowed('http://10.0.0.5:8788/internal/streams/abcdefgh', DEFAULT_STREAM_SINKS)).toBe(false);
    expect(sinkAllowed('http://169.254.169.254/internal/streams/abcdefgh', DEFAULT_STREAM_SINKS)).toBe(false);
    expect(sinkAllowed('https://127.0.0.1:8788/internal/streams/abcdefgh', DEFAULT_STREAM_SINKS)).toBe(false);
  });

  it('refuses look-alike hosts, credentials in the URL and garbage', () => {
    expect(sinkAllowed('http://127.0.0.1.evil.example:80/x', DEFAULT_STREAM_SINKS)).toBe(false);
    expect(sinkAllowed('http://user:pw@127.0.0.1:80/x', DEFAULT_STREAM_SINKS)).toBe(false);
    expect(sinkAllowed('not a url', DEFAULT_STREAM_SINKS)).toBe(false);
  });

  it('reads exact origins and port wildcards from SWITCHYARD_STREAM_SINKS; `none` turns streaming off', () => {
    const sinks = streamSinksFromEnv({
      SWITCHYARD_STREAM_SINKS: 'https://gw-1.internal:8443, http://gw-2.internal:*/',
    });
    expect(sinkAllowed('https://gw-1.internal:8443/internal/streams/abcdefgh', sinks)).toBe(true);
    expect(sinkAllowed('https://gw-1.internal:8444/internal/streams/abcdefgh', sinks)).toBe(false);
    expect(sinkAllowed('http://gw-2.internal:1234/internal/streams/abcdefgh', sinks)).toBe(true);
    expect(sinkAllowed('http://127.0.0.1:8788/internal/streams/abcdefgh', sinks)).toBe(false);
    expect(streamSinksFromEnv({ SWITCHYARD_STREAM_SINKS: 'none' })).toEqual([]);
    expect(streamSinksFromEnv({})).toEqual(DEFAULT_STREAM_SINKS);
    expect(sinkAllowed('https://gw.example/internal/streams/abcdefgh', ['https://gw.example'])).toBe(true);
  });
});
