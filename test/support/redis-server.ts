import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { RespClient } from '../../src/cache/resp-client.js';
import { freePort } from '../../src/temporal/free-port.js';

/** A real redis-server for the shared answer cache's tests. */
export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/** The redis-server binary: from PATH, else installed with apt-get. Throws (never skips) when neither works. */
function redisBinary(): string {
  const found = () => {
    try {
      return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || null;
    } catch {
      return null;
    }
  };
  const existing = found();
  if (existing) return existing;
  execFileSync('apt-get', ['install', '-y', '-q', 'redis-server'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 300_000,
  });
  const installed = found();
  if (!installed) throw new Error('redis-server is not installed and apt-get could not install it');
  return installed;
}

/** Starts redis-server on a free loopback port (no persistence) and waits until it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    redisBinary(),
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = new RespClient({ host: '127.0.0.1', port, password: null, db: 0 }, 500);
  for (let tries = 0; ; tries += 1) {
    try {
      if ((await client.command('PING')) === 'PONG') break;
    } catch (error) {
      if (tries >= 100 || child.exitCode !== null) {
        child.kill();
        throw new Error(`redis-server did not start on port ${port}: ${String(error)}`);
      }
      await sleep(100);
    }
  }
  client.close();
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
