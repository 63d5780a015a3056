import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PACKAGE_ROOT } from '../temporal/paths.js';

/**
 * Where this module's code tree starts: the package root when running the TypeScript sources (tsx,
 * vitest), dist/ when running the compiled package. The workflows are bundled from the same tree.
 */
const CODE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COMPILED = extname(fileURLToPath(import.meta.url)) === '.js';

/** Entry point of the workflow bundle: workflows/index.ts in a checkout, dist/workflows/index.js when built. */
export const WORKFLOWS_PATH = join(CODE_ROOT, 'workflows', COMPILED ? 'index.js' : 'index.ts');

/**
 * The bundle's preloaded module (Temporal's `preloadModules`): loads src/policy once per worker thread, shared by
 * every workflow instead of evaluated for each (workflows/shared-modules.ts). Bundles built without it still work.
 */
export const WORKFLOW_PRELOAD_PATH = join(CODE_ROOT, 'workflows', COMPILED ? 'shared-modules.js' : 'shared-modules.ts');

/** Everything the workflow bundle is built from; a change in any of these rebuilds it. */
const BUNDLE_INPUTS = COMPILED
  ? ['workflows', 'src/policy', 'src/temporal/search-attributes.js']
  : ['workflows', 'src/policy', 'src/temporal/search-attributes.ts', 'package-lock.json'];

/** A variant of the bundle: workflow interceptor modules compiled in, cached under their own file name. */
export interface BundleVariant {
  /** Suffix of the cached file name (e.g. `traced`). */
  name: string;
  /** Module paths for Temporal's `workflowInterceptorModules`. */
  workflowInterceptorModules: string[];
}

/**
 * A prebuilt workflow bundle, cached on disk by a hash of its sources: building one takes seconds on two
 * cores, so workers, tests and benchmarks share it. Returns the path of the bundle file. The default
 * cache is .switchyard/cache in the package (the system temp directory when that is read-only). A variant
 * (e.g. with tracing interceptors) is cached beside the plain bundle.
 */
export async function prebuiltWorkflowBundle(cacheDir?: string, variant?: BundleVariant): Promise<string> {
  const name = `workflow-bundle-${bundleSourceHash()}${variant ? `-${variant.name}` : ''}.js`;
  const directories = cacheDir
    ? [cacheDir]
    : [join(PACKAGE_ROOT, '.switchyard', 'cache'), join(tmpdir(), 'switchyard')];
  for (const directory of directories) {
    const path = join(directory, name);
    if (existsSync(path)) return path;
  }
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    preloadModules: [WORKFLOW_PRELOAD_PATH],
    logger: quietLogger,
    ...(variant ? { workflowInterceptorModules: variant.workflowInterceptorModules } : {}),
  });
  for (const [index, directory] of directories.entries()) {
    const path = join(directory, name);
    try {
      mkdirSync(directory, { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, code);
      renameSync(temporary, path);
      return path;
    } catch (error) {
      if (index === directories.length - 1) throw error;
    }
  }
  throw new Error('unreachable: no workflow bundle cache directory');
}

/** sha256 over the bundle's source files (paths and contents), 16 hex characters. */
export function bundleSourceHash(): string {
  const hash = createHash('sha256');
  const root = COMPILED ? CODE_ROOT : PACKAGE_ROOT;
  for (const input of BUNDLE_INPUTS) {
    for (const file of listFiles(join(root, input))) {
      hash.update(file.slice(root.length));
      hash.update(readFileSync(file));
    }
  }
  // An installed package has no lock file: the SDK version the bundle is built with stands in for it.
  if (COMPILED) hash.update(workflowSdkVersion());
  return hash.digest('hex').slice(0, 16);
}

/** The version of the @temporalio/workflow the bundler resolves from the compiled workflows. */
function workflowSdkVersion(): string {
  try {
    const manifest = createRequire(WORKFLOWS_PATH).resolve('@temporalio/workflow/package.json');
    return `${relative(CODE_ROOT, manifest)}@${JSON.parse(readFileSync(manifest, 'utf8')).version}`;
  } catch {
    return 'unresolved';
  }
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
