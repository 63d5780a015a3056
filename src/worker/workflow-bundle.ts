import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PACKAGE_ROOT } from '../temporal/paths.js';

/** Entry point of the workflow bundle. */
export const WORKFLOWS_PATH = join(PACKAGE_ROOT, 'workflows', 'index.ts');

/** Everything the workflow bundle is built from; a change in any of these rebuilds it. */
const BUNDLE_INPUTS = ['workflows', 'src/policy', 'src/temporal/search-attributes.ts', 'package-lock.json'];

/**
 * A prebuilt workflow bundle, cached on disk by a hash of its sources: building one takes seconds on two
 * cores, so workers, tests and benchmarks share it. Returns the path of the bundle file.
 */
export async function prebuiltWorkflowBundle(cacheDir = join(PACKAGE_ROOT, '.switchyard', 'cache')): Promise<string> {
  const path = join(cacheDir, `workflow-bundle-${bundleSourceHash()}.js`);
  if (existsSync(path)) return path;
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  mkdirSync(cacheDir, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, code);
  renameSync(temporary, path);
  return path;
}

/** sha256 over the bundle's source files (paths and contents), 16 hex characters. */
export function bundleSourceHash(): string {
  const hash = createHash('sha256');
  for (const input of BUNDLE_INPUTS) {
    for (const file of listFiles(join(PACKAGE_ROOT, input))) {
      hash.update(file.slice(PACKAGE_ROOT.length));
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => listFiles(join(path, name)));
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: Record<string, unknown>) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
};
