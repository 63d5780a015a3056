import { freezeShared } from './freeze-shared.js';

// The workflow bundle's one preloaded module (`preloadModules`, src/worker/workflow-bundle.ts). Temporal runs it
// once per worker thread in its reusable V8 context, before any workflow exists; every module it loads is then
// shared by all workflows of the thread instead of being evaluated afresh for each one. That is src/policy: pure
// code (no I/O, no clock, no workflow API) whose module scope only builds zod schemas and constant tables. Loading
// it once saves each request ~10 ms of module evaluation and its garbage, and lets V8 optimise the shared code
// (docs/benchmarks.md). workflows/ itself stays per workflow: it calls workflow APIs at module scope.

/** webpack's module factories by id (a free variable webpack provides to bundled code). */
declare const __webpack_modules__: Record<string, unknown>;

declare global {
  interface ImportMeta {
    /** webpack's compile-time directory import (https://webpack.js.org/api/module-variables/#importmetawebpackcontext). */
    webpackContext(
      request: string,
      options: { recursive: boolean; regExp: RegExp; mode: 'sync' },
    ): { keys(): string[]; (key: string): unknown };
  }
}

/** Every module of src/policy (webpack includes the directory: later additions are shared without a list). */
const policyModules = import.meta.webpackContext('../src/policy', {
  recursive: false,
  regExp: /^\.\/[\w-]+\.[jt]s$/,
  mode: 'sync',
});
for (const key of policyModules.keys()) policyModules(key);

// Freeze what was loaded (ours and the libraries it uses: zod, re2js, @noble, jsonrepair) before Temporal's own
// deep freeze, which would also freeze zod schemas and break their lazy parts (workflows/freeze-shared.ts).
const moduleCache = (globalThis as { __webpack_module_cache__?: Record<string, { exports?: unknown } | undefined> })
  .__webpack_module_cache__;
for (const id of Object.keys(__webpack_modules__)) freezeShared(moduleCache?.[id]?.exports);
