import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * A command on an embedded Temporal dev server whose server is killed mid-run must end, non-zero, saying which
 * server died and how, instead of running forever. Real processes throughout: the CLI, the Temporal CLI it
 * starts, and a SIGKILL to the latter.
 */
const home = mkdtempSync(join(tmpdir(), 'switchyard-dead-server-'));
const env: NodeJS.ProcessEnv = { ...process.env, SWITCHYARD_HOME: home, NO_COLOR: '1' };
for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'SWITCHYARD_TASK_QUEUE', 'SWITCHYARD_CODEC_KEYS'])
  delete env[name];
let running: ChildProcess | null = null;

afterEach(() => {
  if (running && running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
  running = null;
});

/** Starts the CLI; resolves when `ready` matches its output so far, with that output. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'switchyard.js'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const until = (ready: (out: typeof output) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (ready(output)) {
          clearInterval(timer);
          resolve();
        }
      };
      const timer = setInterval(check, 100);
      void exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`exited (${code}) before it was ready:\n${output.stderr}`));
      });
    });
  return { child, output, exited, until };
}

/** The `temporal server start-dev` process a CLI process started. */
function devServerChildOf(pid: number): number {
  const found = execFileSync('pgrep', ['-P', String(pid), '-f', 'server start-dev'], { encoding: 'utf8' }).trim();
  return Number(found.split('\n')[0]);
}

describe('a dev server that dies mid-run', () => {
  it('ends `bench throughput` with exit 1 and the server named', async () => {
    const bench = startCli(['bench', 'throughput', '--duration', '600', '--concurrency', '2']);
    await bench.until((out) => /pid \d+\)/.test(out.stderr));
    const pid = Number(/pid (\d+)\)/.exec(bench.output.stderr)![1]);
    expect(pid).toBe(devServerChildOf(bench.child.pid!));
    process.kill(pid, 'SIGKILL');
    expect(await bench.exited).toBe(1);
    expect(bench.output.stderr).toMatch(
      /switchyard: The benchmark stopped: Temporal dev server \(.*temporal; grpc \d+, http \d+, metrics \d+\) was killed by SIGKILL/,
    );
    expect(bench.output.stdout).toBe('');
  }, 120_000);

  it('ends `switchyard dev` with exit 1 and the server named', async () => {
    const dev = startCli(['dev', '--json', '--headless', '--port', '0', '--fake-port', '0', '--gateway-port', '0']);
    await dev.until((out) => out.stdout.includes('"ready":true'));
    const ready = JSON.parse(dev.output.stdout.split('\n')[0]!) as { ports: Record<string, number> };
    process.kill(devServerChildOf(dev.child.pid!), 'SIGKILL');
    expect(await dev.exited).toBe(1);
    const { temporal, temporalHttp, temporalMetrics } = ready.ports;
    expect(dev.output.stderr).toContain('switchyard: switchyard dev stopped: Temporal dev server (');
    expect(dev.output.stderr).toContain(
      `; grpc ${temporal}, http ${temporalHttp}, metrics ${temporalMetrics}) was killed by SIGKILL`,
    );
    rmSync(home, { recursive: true, force: true });
  }, 120_000);
});
