import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteResult } from '../../src/policy/types.js';
import type { ShadowReport } from '../../src/report/shadow-report.js';
import { freePort } from '../../src/temporal/free-port.js';
import { runCli } from '../e2e/support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ACTIVE = join(ROOT, 'examples', 'policies', 'support-inbox.yaml');

/** `switchyard dev --policy A --shadow-policy B` end to end: the result carries B's decision, the report compares. */
describe('switchyard dev --shadow-policy (CLI)', () => {
  const home = mkdtempSync(join(tmpdir(), 'switchyard-dev-shadow-'));
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHYARD_HOME: home, NO_COLOR: '1' };
  for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'SWITCHYARD_TASK_QUEUE', 'SWITCHYARD_CODEC_KEYS'])
    delete env[name];
  // The candidate answers routine questions with the strong model (the active policy uses the fast one).
  const candidate = join(home, 'candidate.yaml');
  writeFileSync(
    candidate,
    readFileSync(ACTIVE, 'utf8')
      .replace(/^version: .*$/m, 'version: support-inbox-candidate.1')
      .replace(
        /(- name: routine[\s\S]*?)primary: fast\n(\s+)fallbacks: \[strong\]/,
        '$1primary: strong\n$2fallbacks: [fast]',
      ),
  );
  let dev: ChildProcess;
  let ready: { ready: true; shadowPolicyVersion?: string };
  let stderr = '';

  beforeAll(async () => {
    const args: string[] = ['--headless'];
    for (const flag of [
      'port',
      'temporal-http-port',
      'temporal-metrics-port',
      'fake-port',
      'gateway-port',
      'review-port',
    ])
      args.push(`--${flag}`, String(await freePort()));
    dev = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'switchyard.js'), 'dev', '--json', '--policy', ACTIVE, '--shadow-policy', candidate, ...args],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    dev.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    ready = await new Promise((resolve, reject) => {
      const lines = createInterface({ input: dev.stdout! });
      lines.once('line', (line) => resolve(JSON.parse(line)));
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

  it('records the shadow decision in the result and compares it in the report', async () => {
    expect(ready.shadowPolicyVersion).toBe('support-inbox-candidate.1');
    const run = await runCli(['route', '--text', 'Where is my order?', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as RouteResult;
    expect(result).toMatchObject({ outcome: 'answered', route: 'routine', model: 'fast' });
    expect(result.shadow).toMatchObject({
      policyVersion: 'support-inbox-candidate.1',
      route: 'routine',
      model: 'strong',
      review: false,
      active: { route: 'routine', model: 'fast', review: false },
    });
    expect(result.shadow!.estimatedCostUsd).toBeGreaterThan(result.shadow!.active.estimatedCostUsd!);
    // No model call for the shadow: every attempt is the active policy's.
    expect(result.attempts.map((attempt) => attempt.model)).toEqual(['fast']);

    const report = await runCli(['report', '--json', '--policy', ACTIVE], { env });
    expect(report.code, report.stderr).toBe(0);
    const shadow = (JSON.parse(report.stdout) as { shadow: ShadowReport }).shadow;
    expect(shadow).toMatchObject({ requests: 1, agreement: { routine: { routine: 1 } }, agreementRate: 1 });
    expect(shadow.byRoute.find((row) => row.key === 'routine')?.estimatedCostDeltaUsd).toBeGreaterThan(0);
  }, 90_000);
});
