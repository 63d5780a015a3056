import { SEARCH_ATTRIBUTE_KEYS } from './search-attributes.js';

/** The four listeners of `temporal server start-dev`, every one pinned (none left to the CLI's random choice). */
export interface DevServerPorts {
  /** gRPC frontend (`--port`). */
  port: number;
  /** Temporal's HTTP API (`--http-port`). */
  httpPort: number;
  /** The server's own Prometheus `/metrics` (`--metrics-port`). */
  metricsPort: number;
  /** Web UI (`--ui-port`), or null when headless. */
  uiPort: number | null;
}

/** What `devServerArgs` needs besides the ports. */
export interface DevServerArgsSettings {
  namespace: string;
  dbFile?: string | undefined;
  codecEndpoint?: string | undefined;
  fastSqlite?: boolean | undefined;
}

/**
 * Command-line arguments for `temporal server start-dev`: loopback only, every port given explicitly, no
 * outbound calls (version check off, no UI news), Switchyard's search attributes registered.
 */
export function devServerArgs(settings: DevServerArgsSettings, ports: DevServerPorts): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(ports.port)];
  args.push('--http-port', String(ports.httpPort), '--metrics-port', String(ports.metricsPort));
  args.push('--namespace', settings.namespace, '--log-level', 'warn', '--log-format', 'json');
  if (settings.dbFile) args.push('--db-filename', settings.dbFile);
  if (ports.uiPort) {
    args.push('--ui-port', String(ports.uiPort), '--ui-ip', '127.0.0.1', '--ui-disable-news-fetch');
    if (settings.codecEndpoint) args.push('--ui-codec-endpoint', settings.codecEndpoint);
  } else {
    args.push('--headless');
  }
  for (const value of [
    'frontend.enableServerVersionCheck=false',
    'frontend.enableUpdateWorkflowExecution=true',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    // The single-shard dev server reads its task queues at 20 polls/s by default, which adds ~30 ms to
    // every workflow task under load (docs/benchmarks.md). Self-hosted single-shard clusters want this too.
    'history.transferProcessorMaxPollRPS=1000',
    'history.timerProcessorMaxPollRPS=1000',
    // The timer queue fires no timer earlier than now + this shift (default 1 s), so a 250 ms retry backoff
    // waited ~1 s. 50 ms keeps backoffs and Retry-After waits close to what the trail says.
    'history.timerProcessorMaxTimeShift="50ms"',
  ]) {
    args.push('--dynamic-config-value', value);
  }
  for (const key of SEARCH_ATTRIBUTE_KEYS) args.push('--search-attribute', `${key.name}=${metadataType(key.type)}`);
  args.push('--sqlite-pragma', 'journal_mode=WAL');
  if (settings.fastSqlite) args.push('--sqlite-pragma', 'synchronous=OFF');
  return args;
}

function metadataType(type: string): string {
  const names: Record<string, string> = {
    KEYWORD: 'Keyword',
    BOOL: 'Bool',
    TEXT: 'Text',
    INT: 'Int',
    DOUBLE: 'Double',
  };
  return names[type] ?? 'Keyword';
}
