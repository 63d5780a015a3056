import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { Connection } from '@temporalio/client';
import { DevServerError } from './dev-server-error.js';

/** One `temporal server start-dev` process that answered on its gRPC port. */
export interface DevServerProcess {
  pid: number;
  /**
   * Resolves (never rejects) with an error naming the exit code or signal and the last log lines when the
   * process ends without `stop()` (crash, kill); never settles after `stop()`.
   */
  unexpectedExit: Promise<Error>;
  /** SIGTERM (SIGKILL after 5 s), or SIGKILL at once. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export interface LaunchSettings {
  binary: string;
  args: string[];
  /** host:port of the gRPC frontend to wait for. */
  address: string;
  namespace: string;
  env: NodeJS.ProcessEnv;
  /** Where the server's own log goes. @default discarded */
  logFile?: string | undefined;
  /** How long to wait for the server to answer, ms. */
  startTimeoutMs: number;
  /** Names the server in errors (binary and ports). */
  label: string;
}

/** Log lines quoted in errors. */
const TAIL_LINES = 8;

/**
 * Spawns the server and waits until its namespace answers. Fails, with the process killed, when it exits
 * first (code or signal and its last log lines in the message) or does not answer within `startTimeoutMs`.
 */
export async function launchDevServerProcess(settings: LaunchSettings): Promise<DevServerProcess> {
  const child = spawn(settings.binary, settings.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...settings.env } });
  const chunks: string[] = [];
  const log = settings.logFile ? createWriteStream(settings.logFile, { flags: 'a' }) : null;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log?.write(chunk);
      chunks.push(chunk.toString());
      if (chunks.length > 40) chunks.shift();
    });
  }
  const tail = () => {
    const lines = chunks.join('').trim().split('\n').slice(-TAIL_LINES).join('\n');
    return lines ? `; last log lines:\n${lines}` : ' (no log output)';
  };
  let stopping = false;
  let exit: string | null = null;
  const ended = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) =>
      resolve(code === null ? `was killed by ${signal}` : `exited with code ${code}`),
    );
    child.once('error', (error) => resolve(`could not run (${error.message})`));
  }).then((how) => {
    exit = how;
    log?.end();
    return how;
  });
  const unexpectedExit = ended.then((how) =>
    stopping
      ? new Promise<Error>(() => {})
      : new DevServerError(`Temporal dev server (${settings.label}) ${how}${tail()}`),
  );
  try {
    await waitUntilServing(settings, () => exit);
  } catch (error) {
    child.kill('SIGKILL');
    // Its ports are free again before a retry binds them (bounded: a process that ignores SIGKILL is gone anyway).
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 5000))]);
    const reason = error instanceof Error ? error.message : String(error);
    throw new DevServerError(`Temporal dev server (${settings.label}) ${reason}${tail()}`);
  }
  return {
    pid: child.pid ?? 0,
    unexpectedExit,
    stop: (signal) => {
      stopping = true;
      return stopChild(child, signal);
    },
  };
}

async function waitUntilServing(settings: LaunchSettings, exited: () => string | null): Promise<void> {
  const deadline = Date.now() + settings.startTimeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const how = exited();
    if (how) throw new Error(`${how} before answering`);
    try {
      const connection = await Connection.connect({ address: settings.address, connectTimeout: 1000 });
      try {
        // Bounded: a server that accepts the connection but never answers must not hold the start forever.
        await connection.withDeadline(Date.now() + 2000, () =>
          connection.workflowService.describeNamespace({ namespace: settings.namespace }),
        );
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  const last = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`did not answer within ${settings.startTimeoutMs} ms (last error: ${last})`);
}

function stopChild(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill(signal);
  });
}
