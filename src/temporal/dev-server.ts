import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensureTemporalCli } from './binaries.js';
import { type DevServerPorts, devServerArgs } from './dev-server-args.js';
import { DevServerError } from './dev-server-error.js';
import { launchDevServerProcess } from './dev-server-process.js';
import { startWithSdkDownload } from './dev-server-sdk.js';
import { reservePorts } from './free-port.js';

export type { DevServerPorts } from './dev-server-args.js';

export interface DevServerSettings {
  /** SQLite file for persistent state; in-memory when unset. */
  dbFile?: string;
  /** gRPC port, kept on the retry. @default a free port (fresh on the retry) */
  port?: number;
  /** @default 'default' */
  namespace?: string;
  /** Serve the Temporal Web UI (loopback only, no news fetch). @default false (headless) */
  ui?: boolean;
  /** Web UI port, kept on the retry. @default a free port (fresh on the retry) */
  uiPort?: number;
  /** Port of Temporal's HTTP API, kept on the retry. @default a free port (fresh on the retry) */
  httpPort?: number;
  /** Port of the server's own Prometheus `/metrics`, kept on the retry. @default a free port (fresh on the retry) */
  metricsPort?: number;
  /** Ports the first start uses for listeners not pinned above (the `dev` defaults); the retry takes fresh ones. */
  preferredPorts?: Partial<DevServerPorts>;
  /** Ports promised to other listeners, never chosen. @default none */
  avoidPorts?: readonly number[];
  /** Remote codec endpoint the Web UI uses to decrypt payloads. */
  codecEndpoint?: string;
  /** SQLite pragmas trading durability for speed (tests, benchmarks). @default false */
  fastSqlite?: boolean;
  /** Where the server's own log goes. @default discarded */
  logFile?: string;
  /** How long each start waits for the server to answer, ms. @default 30000 */
  startTimeoutMs?: number;
  /** Called when the first start failed, before the one retry. @default silent */
  onRetry?: (error: Error) => void;
  env?: NodeJS.ProcessEnv;
}

export interface DevServer {
  /** host:port of the gRPC frontend. */
  address: string;
  namespace: string;
  /** Every port it listens on, all given to it explicitly. */
  ports: DevServerPorts;
  /** Web UI address, or null when headless. */
  uiUrl: string | null;
  /** Temporal's HTTP API (`http://127.0.0.1:PORT`). */
  httpUrl: string | null;
  /** The server's own Prometheus endpoint (`…/metrics`). */
  metricsUrl: string | null;
  /** Binary that runs it, or `sdk-download` when the SDK fetched one. */
  binary: string;
  /** Process id, or null when the SDK runs it. */
  pid: number | null;
  /** Starts it took: 1, or 2 when the first failed and the retry with fresh ports succeeded. */
  starts: 1 | 2;
  /**
   * Resolves (never rejects) with an error naming the exit code or signal and the server's last log lines
   * when the server ends without `stop()`; never settles after `stop()` (nor under the SDK download).
   */
  unexpectedExit: Promise<Error>;
  /**
   * Stops the server: SIGTERM (graceful; SIGKILL after 5 s), or `{ kill: true }` for SIGKILL at once (restart
   * drills: the server vanishes mid-call). Persistent state stays in `dbFile`.
   */
  stop(options?: { kill?: boolean }): Promise<void>;
}

/**
 * Starts `temporal server start-dev` from the pinned CLI with every port (gRPC, HTTP, metrics, UI) chosen here
 * and passed explicitly; when that start fails (a port taken in the meantime, an early exit, no answer) it
 * retries once with fresh ports for those not pinned. Without a CLI it falls back to the Temporal SDK's
 * download (needs internet), with a warning.
 */
export async function startDevServer(settings: DevServerSettings = {}): Promise<DevServer> {
  const env = settings.env ?? process.env;
  const binary = await ensureTemporalCli(env);
  if (settings.dbFile) mkdirSync(dirname(settings.dbFile), { recursive: true });
  const start = (ports: DevServerPorts, starts: 1 | 2) =>
    binary ? startCli(binary, settings, ports, env, starts) : startWithSdkDownload(settings, ports, starts);
  const first = await choosePorts(settings, settings.preferredPorts ?? {}, []);
  try {
    return await start(first, 1);
  } catch (firstError) {
    const error = firstError instanceof Error ? firstError : new Error(String(firstError));
    settings.onRetry?.(error);
    const second = await choosePorts(settings, {}, Object.values(first));
    try {
      return await start(second, 2);
    } catch (secondError) {
      const again = secondError instanceof Error ? secondError.message : String(secondError);
      throw new DevServerError(
        `Temporal dev server failed to start twice.\nfirst start: ${error.message}\nretry: ${again}`,
      );
    }
  }
}

/** Pinned ports as given; the rest from `preferred`, else free ones outside the kernel's ephemeral range. */
async function choosePorts(
  settings: DevServerSettings,
  preferred: Partial<DevServerPorts>,
  avoid: readonly (number | null)[],
): Promise<DevServerPorts> {
  const wanted = {
    port: settings.port || preferred.port,
    httpPort: settings.httpPort || preferred.httpPort,
    metricsPort: settings.metricsPort || preferred.metricsPort,
    uiPort: settings.ui ? settings.uiPort || preferred.uiPort : null,
  };
  const given = Object.values(wanted).filter((port): port is number => typeof port === 'number');
  const missing = Object.values(wanted).filter((port) => port === undefined).length;
  const avoided = [...(settings.avoidPorts ?? []), ...given, ...avoid].filter((port): port is number => !!port);
  const fresh = await reservePorts(missing, avoided);
  const next = () => fresh.shift() as number;
  return {
    port: wanted.port ?? next(),
    httpPort: wanted.httpPort ?? next(),
    metricsPort: wanted.metricsPort ?? next(),
    uiPort: wanted.uiPort === null ? null : (wanted.uiPort ?? next()),
  };
}

async function startCli(
  binary: string,
  settings: DevServerSettings,
  ports: DevServerPorts,
  env: NodeJS.ProcessEnv,
  starts: 1 | 2,
): Promise<DevServer> {
  const namespace = settings.namespace ?? 'default';
  const address = `127.0.0.1:${ports.port}`;
  const ui = ports.uiPort ? `, ui ${ports.uiPort}` : '';
  const launched = await launchDevServerProcess({
    binary,
    args: devServerArgs({ ...settings, namespace }, ports),
    address,
    namespace,
    env,
    logFile: settings.logFile,
    startTimeoutMs: settings.startTimeoutMs ?? 30_000,
    label: `${binary}; grpc ${ports.port}, http ${ports.httpPort}, metrics ${ports.metricsPort}${ui}`,
  });
  return {
    address,
    namespace,
    ports,
    uiUrl: ports.uiPort ? `http://127.0.0.1:${ports.uiPort}` : null,
    httpUrl: `http://127.0.0.1:${ports.httpPort}`,
    metricsUrl: `http://127.0.0.1:${ports.metricsPort}/metrics`,
    binary,
    pid: launched.pid,
    starts,
    unexpectedExit: launched.unexpectedExit,
    stop: (options) => launched.stop(options?.kill ? 'SIGKILL' : 'SIGTERM'),
  };
}
