import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/temporal/paths.js';
import { buildIfStale } from '../support/build-if-stale.js';

// The published package as a consumer gets it: `npm pack`, install the tarball into a scratch project,
// import the three entry points from plain Node ESM, type-check them, and bundle the compiled workflows.
// `npm test` builds dist/ first; a run of this file alone rebuilds it when a source is newer.

const scratch = mkdtempSync(join(tmpdir(), 'switchyard-pack-'));
const app = join(scratch, 'app');
let packedFiles: string[] = [];

const run = (command: string, args: string[], cwd: string, timeout = 240_000) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  buildIfStale();
  // --ignore-scripts: dist/ is built above; `prepare` would rebuild it.
  const [packed] = JSON.parse(
    run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], PACKAGE_ROOT),
  ) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed!.files.map((file) => file.path);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // No dependency install scripts: the package must work without protobufjs', @swc/core's or esbuild's.
  run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(scratch, packed!.filename)],
    app,
  );
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs an ES module in the scratch project; prints the npm packages it loaded (ESM and CommonJS) as JSON. */
function runInApp(body: string): { packages: string[]; output: Record<string, unknown> } {
  const file = join(app, `probe-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    file,
    `import { createRequire, register } from 'node:module';
const seen = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => seen.add(url));
port1.unref();
register('data:text/javascript,' + encodeURIComponent(
  'let port; export function initialize(data) { port = data.port; }' +
  'export async function resolve(specifier, context, next) { const result = await next(specifier, context); port.postMessage(result.url); return result; }'),
  import.meta.url, { data: { port: port2 }, transferList: [port2] });
const output = {};
${body}
await new Promise((resolve) => setTimeout(resolve, 200));
const urls = [...seen, ...Object.keys(createRequire(import.meta.url).cache)];
const packages = [...new Set(urls.map((url) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(url)?.[1]).filter(Boolean))];
console.log(JSON.stringify({ packages: packages.sort(), output }));
`,
  );
  return JSON.parse(run(process.execPath, [file], app, 120_000));
}

describe('the packed package', () => {
  it('ships the build, bin, examples and schema — no tests, CI, Docker or TypeScript sources', () => {
    expect(packedFiles).toContain('dist/src/index.js');
    expect(packedFiles).toContain('dist/src/index.d.ts');
    expect(packedFiles).toContain('dist/src/worker-entry.d.ts');
    expect(packedFiles).toContain('dist/src/workflow-entry.d.ts');
    expect(packedFiles).toContain('dist/src/codec/failure-converter.cjs');
    expect(packedFiles).toContain('dist/workflows/index.js');
    expect(packedFiles).toContain('bin/switchyard.js');
    expect(packedFiles).toContain('examples/policies/support-inbox.yaml');
    expect(packedFiles).toContain('scripts/install-temporal.js');
    const unwanted = packedFiles.filter((path) =>
      /^(test\/|\.ci\/|Dockerfile|docker-compose|src\/|workflows\/|activities\/|dist\/\.)/.test(path),
    );
    expect(unwanted).toEqual([]);
  });

  it('`switchyard` imports from plain Node without the worker or a provider SDK', () => {
    const { packages, output } = runInApp(`
const { Client } = await import('@temporalio/client');
const { RouterClient, loadPolicyFile, PolicyError } = await import('switchyard');
const router = new RouterClient({ client: new Client(), taskQueue: 'switchyard' });
output.router = router.constructor.name;
output.policyError = typeof PolicyError;
output.loadPolicyFile = typeof loadPolicyFile;`);
    expect(output).toEqual({ router: 'RouterClient', policyError: 'function', loadPolicyFile: 'function' });
    expect(packages).toContain('@temporalio/client');
    for (const heavy of ['@temporalio/worker', '@swc/core', 'openai', '@anthropic-ai/sdk']) {
      expect(packages).not.toContain(heavy);
    }
  });

  it('`switchyard/worker` constructs the plugin and bundles the compiled workflows', () => {
    const cache = join(scratch, 'bundle-cache');
    const { output } = runInApp(`
const { SwitchyardPlugin, WORKFLOWS_PATH, prebuiltWorkflowBundle } = await import('switchyard/worker');
output.plugin = new SwitchyardPlugin().name;
output.workflowsPath = WORKFLOWS_PATH;
output.bundle = await prebuiltWorkflowBundle(${JSON.stringify(cache)});`);
    expect(output.plugin).toBe('switchyard');
    expect(output.workflowsPath).toBe(join(app, 'node_modules', 'switchyard', 'dist', 'workflows', 'index.js'));
    expect(existsSync(String(output.bundle))).toBe(true);
  });

  it('`switchyard/workflow` exports the workflow and its messages', () => {
    const { output } = runInApp(`
const workflow = await import('switchyard/workflow');
output.names = Object.keys(workflow).sort();`);
    expect(output.names).toEqual(
      expect.arrayContaining(['routeRequestWorkflow', 'getRouteStatusQuery', 'resolveReviewUpdate']),
    );
  });

  it('type-checks against the declarations of all three entry points', () => {
    writeFileSync(
      join(app, 'check.ts'),
      `import { RouterClient, type RouteRequest } from 'switchyard';
import { SwitchyardPlugin, createSwitchyardWorker } from 'switchyard/worker';
import { routeRequestWorkflow } from 'switchyard/workflow';
export const used: unknown[] = [RouterClient, SwitchyardPlugin, createSwitchyardWorker, routeRequestWorkflow];
export type Request = RouteRequest;
`,
    );
    const tsc = join(PACKAGE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
    expect(() => run(process.execPath, [tsc, ...args, '--target', 'es2022', 'check.ts'], app, 120_000)).not.toThrow();
  });

  it('the installed bin starts from the compiled code', () => {
    const bin = join(app, 'node_modules', '.bin', 'switchyard');
    expect(run(bin, ['--version'], app).trim()).toBe('0.1.0');
    expect(run(bin, ['route', '--help'], app)).toContain('--policy-version <version>');
  });
});
