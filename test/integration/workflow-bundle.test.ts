import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

/** The workflow bundle builds, exports the workflow, and keeps I/O and provider SDKs out of the sandbox. */
describe('workflow bundle', () => {
  const code = readFileSync(inject('workflowBundlePath'), 'utf8');

  it('contains the routing workflow', () => {
    expect(code).toContain('routeRequestWorkflow');
    expect(code.length).toBeGreaterThan(10_000);
  });

  // Pure, deterministic libraries are allowed: zod validates the input with the one request schema, and
  // @noble verifies review-decision signatures in workflow code, re2js matches a route verifier's policy patterns
  // in linear time (docs/router.md#cascade), jsonrepair closes a cut-off JSON answer for a partial result
  // (docs/failover.md#degrade-modes).
  it('holds only pure policy code, workflow code, the Temporal workflow SDK and pure libraries', () => {
    const packages = new Set(
      [...code.matchAll(/node_modules\/((?:@[a-z0-9_.-]+\/)?[a-z0-9_.-]+)/g)].map((match) => match[1]),
    );
    expect([...packages].sort()).toEqual([
      '@noble/curves',
      '@noble/hashes',
      '@temporalio/common',
      '@temporalio/workflow',
      'jsonrepair',
      'long',
      'ms',
      'nexus-rpc',
      're2js',
      'zod',
    ]);
    const ours = new Set(
      [...code.matchAll(/"\.\/((?:src|workflows|activities)\/[^"]+\.ts)"/g)].map((match) => match[1]!),
    );
    expect(ours.size).toBeGreaterThan(5);
    for (const file of ours) expect(file).toMatch(/^(workflows\/|src\/policy\/|src\/temporal\/search-attributes\.ts$)/);
  });

  // workflows/shared-modules.ts: src/policy is evaluated once per worker thread, not once per workflow.
  it('preloads the shared modules, which take in every src/policy module', () => {
    expect(code).toMatch(
      /exports\.preloadModules = function preloadModules\(\) \{\s+__webpack_require__\([^)]*shared-modules\.ts/,
    );
    expect(code).toContain('./src/policy sync');
  });
});
