import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteResult } from '../../src/policy/types.js';
import { reservePorts } from '../../src/temporal/free-port.js';
import { runCli } from '../e2e/support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** What `switchyard dev --json` prints once it is ready. */
interface DevReady {
  ready: true;
  temporalAddress: string;
  uiUrl: string | null;
  temporalHttpUrl: string | null;
  temporalMetricsUrl: string | null;
  fakeProviderUrl: string | null;
  gatewayUrl: string | null;
  reviewUrl: string | null;
  metricsUrl: string | null;
  codecUrl: string | null;
  reviewerTokens: Record<string, string>;
  ports: Record<string, number | null>;
}

/**
 * `switchyard dev` as a newcomer runs it (default policy, nothing configured), with every listener pinned
 * to a free port and its own state directory; then the request its "try:" line suggests, copied as is.
 */
describe('switchyard dev (CLI)', () => {
  const home = mkdtempSync(join(tmpdir(), 'switchyard-dev-'));
  // No TEMPORAL_ADDRESS (the shared test server's): commands find dev through SWITCHYARD_HOME/dev.json.
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHYARD_HOME: home, NO_COLOR: '1' };
  for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'SWITCHYARD_TASK_QUEUE', 'SWITCHYARD_CODEC_KEYS'])
    delete env[name];
  let dev: ChildProcess;
  let ready: DevReady;
  let stderr = '';
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    const flags = [
      'port',
      'temporal-http-port',
      'temporal-metrics-port',
      'ui-port',
      'fake-port',
      'gateway-port',
      'review-port',
      'metrics-port',
    ];
    // Distinct, and below the ephemeral range: nothing binding port 0 (the Temporal CLI's own services) takes them.
    const free = await reservePorts(flags.length);
    for (const [index, flag] of flags.entries()) ports[flag] = free[index]!;
    const args = Object.entries(ports).flatMap(([flag, port]) => [`--${flag}`, String(port)]);
    dev = spawn(process.execPath, [join(ROOT, 'bin', 'switchyard.js'), 'dev', '--json', ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dev.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    ready = await new Promise<DevReady>((resolve, reject) => {
      const lines = createInterface({ input: dev.stdout! });
      lines.once('line', (line) => resolve(JSON.parse(line) as DevReady));
      dev.once('exit', (code) => reject(new Error(`dev exited with ${code}:\n${stderr}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (dev && dev.exitCode === null) {
      const exited = new Promise((resolve) => dev.once('exit', resolve));
      dev.kill('SIGINT');
      await exited;
    }
    rmSync(home, { recursive: true, force: true });
  }, 60_000);

  it('listens exactly where the flags say and lists every URL', async () => {
    expect(ready).toMatchObject({
      ready: true,
      temporalAddress: `127.0.0.1:${ports.port}`,
      temporalHttpUrl: `http://127.0.0.1:${ports['temporal-http-port']}`,
      temporalMetricsUrl: `http://127.0.0.1:${ports['temporal-metrics-port']}/metrics`,
      uiUrl: `http://127.0.0.1:${ports['ui-port']}`,
      fakeProviderUrl: `http://127.0.0.1:${ports['fake-port']}`,
      gatewayUrl: `http://127.0.0.1:${ports['gateway-port']}/v1`,
      reviewUrl: `http://127.0.0.1:${ports['review-port']}`,
      metricsUrl: `http://127.0.0.1:${ports['metrics-port']}/metrics`,
      codecUrl: null,
    });
    expect(Object.keys(ready.reviewerTokens).length).toBeGreaterThan(0);
    expect((await fetch(ready.temporalMetricsUrl!)).status).toBe(200);
    expect((await fetch(ready.metricsUrl!)).status).toBe(200);
    expect((await fetch(`${ready.reviewUrl}/login`)).status).toBeLessThan(500);
  });

  it('serves the default policy\'s simulated models: the "try:" request gets a real answer', async () => {
    const models = await fetch(`${ready.fakeProviderUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-private', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(models.status).not.toBe(404);
    const run = await runCli(['route', '--text', 'Where is my order?', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as RouteResult;
    expect(result.outcome).toBe('answered');
    expect(['fast', 'strong', 'private']).toContain(result.model);
    expect(result.attempts.some((attempt) => attempt.ok)).toBe(true);
    expect(result.answer).not.toMatch(/need a little more time/);
  }, 60_000);

  it('refuses a pinned port that is already in use, naming the flag', async () => {
    const run = await runCli(['dev', '--json', '--headless', '--review-port', String(ports['review-port'])], {
      env: { ...env, SWITCHYARD_HOME: mkdtempSync(join(tmpdir(), 'switchyard-dev-busy-')) },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`--review-port ${ports['review-port']}: that port is in use`);
  });
});
