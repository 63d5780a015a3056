import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureTemporalCli } from './binaries.js';
import { freePort } from './free-port.js';
import { SEARCH_ATTRIBUTE_KEYS } from './search-attributes.js';

export interface DevServerSettings {
  /** SQLite file for persistent state; in-memory when unset. */
  dbFile?: string;
  /** gRPC port. @default a free port */
  port?: number;
  /** @default 'default' */
  namespace?: string;
  /** Serve the Temporal Web UI (loopback only, no news fetch). @default false (headless) */
  ui?: boolean;
  /** Web UI port. @default a free port */
  uiPort?: number;
  /** Port of Temporal's HTTP API. @default a free port */
  httpPort?: number;
  /** Port of the server's own Prometheus `/metrics`. @default a free port */
  metricsPort?: number;
  /** Remote codec endpoint the Web UI uses to decrypt payloads. */
  codecEndpoint?: string;
  /** SQLite pragmas trading durability for speed (tests, benchmarks). @default false */
  fastSqlite?: boolean;
  /** Where the server's own log goes. @default discarded */
  logFile?: string;
  /** How long to wait for the server to answer, ms. @default 30000 */
  startTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface DevServer {
  /** host:port of the gRPC frontend. */
  address: string;
  namespace: string;
  /** Web UI address, or null when headless. */
  uiUrl: string | null;
  /** Temporal's HTTP API (`http://127.0.0.1:PORT`), or null when unknown (SDK download). */
  httpUrl: string | null;
  /** The server's own Prometheus endpoint (`…/metrics`), or null when unknown (SDK download). */
  metricsUrl: string | null;
  /** Binary that runs it, or `sdk-download` when the SDK fetched one. */
  binary: string;
  /**
   * Stops the server: SIGTERM (graceful; SIGKILL after 5 s), or `{ kill: true }` for SIGKILL at once (restart
   * drills: the server vanishes mid-call). Persistent state stays in `dbFile`.
   */
  stop(options?: { kill?: boolean }): Promise<void>;
}

/**
 * Starts `temporal server start-dev` from the pinned CLI: loopback only, no outbound calls (version
 * check off, no UI news), Switchyard's search attributes registered. Without a CLI it falls back to the
 * Temporal SDK's download (needs internet), with a warning.
 */
export async function startDevServer(settings: DevServerSettings = {}): Promise<DevServer> {
  const env = settings.env ?? process.env;
  const namespace = settings.namespace ?? 'default';
  const binary = await ensureTemporalCli(env);
  if (!binary) return startWithSdkDownload(settings, namespace);
  const port = settings.port ?? (await freePort());
  const uiPort = settings.ui ? (settings.uiPort ?? (await freePort())) : undefined;
  // Pinned (not left to the CLI's random choice) so they are known, printable and never collide.
  const httpPort = settings.httpPort || (await freePort());
  const metricsPort = settings.metricsPort || (await freePort());
  const args = devServerArgs({ ...settings, port, namespace, uiPort, httpPort, metricsPort });
  if (settings.dbFile) mkdirSync(dirname(settings.dbFile), { recursive: true });
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...env } });
  const tail: string[] = [];
  const log = settings.logFile ? createWriteStream(settings.logFile, { flags: 'a' }) : null;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log?.write(chunk);
      tail.push(chunk.toString());
      if (tail.length > 40) tail.shift();
    });
  }
  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilServing(address, namespace, child, settings.startTimeoutMs ?? 30_000, tail);
  } catch (error) {
    child.kill('SIGKILL');
    log?.end();
    throw error;
  }
  return {
    address,
    namespace,
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : null,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    binary,
    stop: (options) => stopChild(child, options?.kill ? 'SIGKILL' : 'SIGTERM').finally(() => log?.end()),
  };
}

/** Command-line arguments for `temporal server start-dev`. */
export function devServerArgs(
  settings: DevServerSettings & { port: number; namespace: string; uiPort?: number | undefined },
): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(settings.port)];
  args.push('--namespace', settings.namespace, '--log-level', 'warn', '--log-format', 'json');
  if (settings.httpPort) args.push('--http-port', String(settings.httpPort));
  if (settings.metricsPort) args.push('--metrics-port', String(settings.metricsPort));
  if (settings.dbFile) args.push('--db-filename', settings.dbFile);
  if (settings.uiPort) {
    args.push('--ui-port', String(settings.uiPort), '--ui-ip', '127.0.0.1', '--ui-disable-news-fetch');
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

async function waitUntilServing(
  address: string,
  namespace: string,
  child: ChildProcess,
  timeoutMs: number,
  tail: string[],
) {
  const deadline = Date.now() + timeoutMs;
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exited)
      throw new Error(`Temporal dev server ${exited}:\n${tail.join('').trim().split('\n').slice(-8).join('\n')}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  throw new Error(`Temporal dev server at ${address} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

function stopChild(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill(signal);
  });
}

async function startWithSdkDownload(settings: DevServerSettings, namespace: string): Promise<DevServer> {
  console.warn(
    'switchyard: no Temporal CLI found (run `npm run setup:temporal` or set TEMPORAL_CLI_PATH); ' +
      'falling back to the Temporal SDK download, which needs internet access.',
  );
  const environment = await TestWorkflowEnvironment.createLocal({
    server: {
      namespace,
      ...(settings.dbFile ? { dbFilename: settings.dbFile } : {}),
      ...(settings.port ? { port: settings.port } : {}),
      ui: settings.ui ?? false,
      ...(settings.uiPort ? { uiPort: settings.uiPort } : {}),
      searchAttributes: SEARCH_ATTRIBUTE_KEYS,
    },
  });
  const uiPort = settings.ui ? (settings.uiPort ?? Number(environment.address.split(':')[1]) + 1000) : undefined;
  return {
    address: environment.address,
    namespace,
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : null,
    httpUrl: null,
    metricsUrl: null,
    binary: 'sdk-download',
    stop: () => environment.teardown(),
  };
}
