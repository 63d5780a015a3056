#!/usr/bin/env node
// `prepare` (runs after `npm install` / `npm ci` in a checkout, and before `npm pack`): builds dist/.
// Skips with a note when the build cannot run here — TypeScript not installed (`npm ci --omit=dev`, as in
// the Dockerfile) or no sources yet — so such installs still succeed; bin/switchyard.js then runs the
// sources through tsx.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let typescript = true;
try {
  createRequire(join(root, 'package.json')).resolve('typescript');
} catch {
  typescript = false;
}
if (!typescript || !existsSync(join(root, 'src', 'index.ts'))) {
  console.warn('switchyard: prepare skipped the build (no TypeScript or no sources here)');
} else {
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
