import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/temporal/paths.js';

const SOURCES = ['src', 'workflows', 'activities', 'tsconfig.build.json', 'tsconfig.types.json'];
const STAMP = join(PACKAGE_ROOT, 'dist', '.built');

/**
 * CLI tests spawn bin/switchyard.js, which runs the compiled dist/. `npm test` builds first; a single file
 * run with `npx vitest run …` rebuilds here when a source is newer than the last build, so it never tests
 * stale code.
 */
export function buildIfStale(): void {
  if (existsSync(STAMP) && newestModification(SOURCES.map((path) => join(PACKAGE_ROOT, path))) <= mtime(STAMP)) return;
  execFileSync('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

function newestModification(paths: string[]): number {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    const value = stat.isDirectory()
      ? newestModification(readdirSync(path).map((name) => join(path, name)))
      : stat.mtimeMs;
    newest = Math.max(newest, value);
  }
  return newest;
}

const mtime = (path: string) => statSync(path).mtimeMs;
