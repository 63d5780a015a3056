import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SwitchyardPlugin } from '../../../src/worker/plugin.js';
import { WORKFLOW_PRELOAD_PATH, WORKFLOWS_PATH } from '../../../src/worker/workflow-bundle.js';
import { freezeShared } from '../../../workflows/freeze-shared.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';

const POLICY_DIR = join(import.meta.dirname, '..', '..', '..', 'src', 'policy');

/** What Temporal's reusable V8 context does to preloaded modules (a blanket deep freeze). */
function blanketFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  for (const key of Reflect.ownKeys(value)) blanketFreeze((value as Record<PropertyKey, unknown>)[key]);
  Object.freeze(value);
}

describe('freezeShared: what every workflow of a worker thread shares is frozen, zod schemas keep working', () => {
  it('freezes constant tables all the way down, so a workflow changing one fails instead of leaking it', () => {
    const shared = { LIMITS: { kinds: ['timeout', { name: 'rate-limit' }] }, helper: () => 1 };
    freezeShared(shared);
    expect(Object.isFrozen(shared.LIMITS.kinds)).toBe(true);
    expect(Object.isFrozen(shared.LIMITS.kinds[1])).toBe(true);
    expect(Object.isFrozen(shared.helper)).toBe(true);
    expect(() => (shared.LIMITS.kinds as unknown[]).push('leak')).toThrow(TypeError);
  });

  it('follows getters as webpack’s export bindings are, and freezes the exports object itself', () => {
    const table = { a: [1, 2] };
    const exports = {};
    Object.defineProperty(exports, 'TABLE', { enumerable: true, get: () => table });
    freezeShared(exports);
    expect(Object.isFrozen(exports)).toBe(true);
    expect(Object.isFrozen(table.a)).toBe(true);
  });

  it('a blanket freeze breaks a zod schema on first use; freezeShared leaves it working (jit and jitless)', () => {
    const make = () => z.strictObject({ name: z.string().min(1), tags: z.array(z.string()).default([]) });
    const broken = make();
    blanketFreeze({ broken });
    expect(() => broken.safeParse({ name: 'x' })).toThrow(TypeError);

    const schema = make();
    const exports = { schema, nested: { schema } };
    freezeShared(exports);
    expect(Object.isFrozen(exports.nested)).toBe(true);
    expect(schema.safeParse({ name: 'x' }, { jitless: true }).data).toEqual({ name: 'x', tags: [] });
    expect(schema.safeParse({ name: 'x' }).data).toEqual({ name: 'x', tags: [] });
    expect(schema.safeParse({ name: '' }).success).toBe(false);
    expect(schema.optional().parse(undefined)).toBeUndefined();
  });

  it('leaves an object whose getter memoizes itself unfrozen (zod’s lazily computed flags)', () => {
    const lazy = {
      get value() {
        Object.defineProperty(this, 'value', { value: 42 });
        return 42;
      },
    };
    freezeShared({ lazy });
    expect(Object.isFrozen(lazy)).toBe(false);
    expect(lazy.value).toBe(42);
  });

  it('skips what cannot be frozen (typed arrays) and survives cycles', () => {
    const cyclic: Record<string, unknown> = { bytes: new Uint8Array([1, 2]) };
    cyclic.self = cyclic;
    expect(() => freezeShared(cyclic)).not.toThrow();
    expect(Object.isFrozen(cyclic)).toBe(true);
  });
});

describe('src/policy shared by all workflows of a thread', () => {
  it('every policy module still works with its exports frozen: policies parse, routes decide, inputs validate', async () => {
    const files = readdirSync(POLICY_DIR).filter((file) => /^[\w-]+\.ts$/.test(file));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) freezeShared(await import(join(POLICY_DIR, file)));
    const { decideRoute } = await import('../../../src/policy/decide-route.js');
    const { RouteWorkflowInputSchema } = await import('../../../src/policy/workflow-input-schema.js');
    const policy = testPolicy(BASE_POLICY_YAML);
    const request = { messages: [{ role: 'user' as const, content: 'where is my order?' }] };
    const decision = decideRoute(policy, request, {
      classification: classification(),
      dataClass: 'public',
      metadata: {},
    });
    expect(decision.kind).toBe('plan');
    for (const jitless of [true, false]) {
      expect(RouteWorkflowInputSchema.safeParse({ request }, { jitless }).success).toBe(true);
      expect(RouteWorkflowInputSchema.safeParse({ request, extra: 1 }, { jitless }).success).toBe(false);
    }
  });

  // A module-level variable or collection would carry one request's state into the next workflow on the thread;
  // a memo whose values depend only on their keys is safe, and says so where it is declared.
  it('keeps no module-level mutable state: no top-level let/var, no changed top-level collection but a pure memo', () => {
    for (const file of readdirSync(POLICY_DIR).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(join(POLICY_DIR, file), 'utf8');
      expect(source, file).not.toMatch(/^(export )?(let|var) /m);
      const collections = /^(\/\*\*.*\*\/\n)?(?:export )?const (\w+)(?::[^=]+)? = new (?:Map|Set|WeakMap|WeakSet)\b/gm;
      for (const [, comment, name] of source.matchAll(collections)) {
        if (comment?.includes('pure memo')) continue;
        expect(source, `${file}: ${name}`).not.toMatch(new RegExp(`\\b${name}\\.(set|add|delete|clear)\\(`));
      }
    }
  });
});

describe('which bundles preload the shared modules', () => {
  it('a worker that bundles workflows/ at start preloads them; a prebuilt bundle has them built in', () => {
    const bundling = new SwitchyardPlugin().configureWorker({ taskQueue: 'q' } as WorkerOptions);
    expect(bundling.workflowsPath).toBe(WORKFLOWS_PATH);
    expect(bundling.bundlerOptions?.preloadModules).toEqual([WORKFLOW_PRELOAD_PATH]);
    const prebuilt = new SwitchyardPlugin({ workflowBundlePath: '/bundle.js' }).configureWorker({
      taskQueue: 'q',
    } as WorkerOptions);
    expect(prebuilt.bundlerOptions).toBeUndefined();
  });
});
