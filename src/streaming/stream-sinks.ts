/**
 * Which gateway URLs a worker may send live answers to. A stream ticket travels in workflow input, which any
 * client that can start workflows writes, so a worker never posts to a URL just because a request names it:
 * the origin (scheme, host, port) must be on this list, from the worker's own configuration
 * (`SWITCHYARD_STREAM_SINKS`, comma-separated origins; `*` as the port allows any port on that host).
 */
export type StreamSinks = readonly string[];

/** Loopback gateways on any port: a single-machine deployment needs no configuration. */
export const DEFAULT_STREAM_SINKS: StreamSinks = ['http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*'];

/** The worker's allowed sinks from its environment; unset: DEFAULT_STREAM_SINKS; `none`: no live streams. */
export function streamSinksFromEnv(env: Record<string, string | undefined>): StreamSinks {
  const raw = env.SWITCHYARD_STREAM_SINKS?.trim();
  if (!raw) return DEFAULT_STREAM_SINKS;
  if (raw === 'none') return [];
  return raw
    .split(',')
    .map((entry) => entry.trim().replace(/\/+$/, ''))
    .filter((entry) => entry.length > 0);
}

/** Whether `url` is on one of the allowed origins. */
export function sinkAllowed(url: string, sinks: StreamSinks): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  return sinks.some((sink) => {
    const match = /^(https?:)\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+|\*))?$/.exec(sink);
    if (!match) return false;
    const [, protocol, host, sinkPort] = match;
    if (protocol !== parsed.protocol || host!.toLowerCase() !== parsed.hostname.toLowerCase()) return false;
    const expected = sinkPort ?? (protocol === 'https:' ? '443' : '80');
    return expected === '*' || expected === port;
  });
}
