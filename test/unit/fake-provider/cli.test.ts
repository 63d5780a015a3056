import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';

const script = `
import { Command } from '@commander-js/extra-typings';
import { registerFakeProviderCommand } from './src/cli/commands/fake-provider.ts';
const program = new Command('switchyard').exitOverride();
registerFakeProviderCommand(program);
try {
  await program.parseAsync(process.argv.slice(1), { from: 'user' });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
`;

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const children: ChildProcess[] = [];
const directories: string[] = [];
// A failed assertion must not leave a server running.
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, '--', ...args], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

// Each case spawns a process (about a second of TypeScript start-up), so they run side by side.
describe.concurrent('switchyard fake-provider', () => {
  it('--json prints one ready line, serves profiles, and stops cleanly on SIGTERM', async ({ expect }) => {
    const directory = mkdtempSync(join(tmpdir(), 'switchyard-fake-'));
    directories.push(directory);
    const profiles = join(directory, 'profiles.json');
    writeFileSync(profiles, JSON.stringify({ 'sim-down': { latencyMs: { p50: 1, p95: 2 }, errorRate: 1 } }));
    const { child, exited } = runCli(['fake-provider', '--json', '--port', '0', '--profiles', profiles]);
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve) => lines.once('line', resolve));
    const ready = JSON.parse(first);
    expect(ready).toMatchObject({ ready: true, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(ready.openaiBaseURL).toBe(`${ready.url}/v1`);
    expect(ready.anthropicBaseURL).toBe(ready.url);
    expect((await fetch(`${ready.url}/_health`)).status).toBe(200);
    const response = await fetch(`${ready.openaiBaseURL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'sim-down', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(503);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('rejects a bad port with a one-line error', async ({ expect }) => {
    const { exited, stderr } = runCli(['fake-provider', '--port', 'seventy']);
    expect(await exited).toBe(1);
    expect(stderr()).toMatch(/--port must be an integer/);
  });

  it('rejects an unreadable profiles file with a one-line error', async ({ expect }) => {
    const { exited, stderr } = runCli(['fake-provider', '--port', '0', '--profiles', '/nonexistent/profiles.json']);
    expect(await exited).toBe(1);
    expect(stderr()).toMatch(/^--profiles: cannot read \/nonexistent\/profiles.json/);
  });
});
