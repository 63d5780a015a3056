import { expect } from 'vitest';
import type { FakeProvider } from '../../../src/fake-provider/server.js';
import { createAdapter } from '../../../src/providers/create-adapter.js';
import { ModelCallError } from '../../../src/providers/model-call-error.js';
import type { ModelAdapter, ModelCallOptions, ModelCallRequest } from '../../../src/providers/types.js';

/** Both wire formats, as the adapters reach the fake. */
export const WIRES = [
  { name: 'openai', kind: 'openai-compatible', baseURL: (fake: FakeProvider) => `${fake.url}/v1` },
  { name: 'anthropic', kind: 'anthropic', baseURL: (fake: FakeProvider) => fake.url },
] as const;
export type WireCase = (typeof WIRES)[number];

export function adapterFor(fake: FakeProvider, wire: WireCase, model: string): ModelAdapter {
  return createAdapter({ kind: wire.kind, baseURL: wire.baseURL(fake), providerId: 'fake', modelId: model });
}

let counter = 0;
/** A fresh workflow id, so "first attempt" behaviours start over in every test. */
export function newWorkflowId(label: string): string {
  counter += 1;
  return `wf-${label}-${process.pid}-${counter}`;
}

export function callRequest(workflowId: string, overrides: Partial<ModelCallRequest> = {}): ModelCallRequest {
  return {
    messages: [
      { role: 'system', content: 'You are a support assistant.' },
      { role: 'user', content: 'Where is my order 12345?' },
    ],
    maxOutputTokens: 200,
    trace: { workflowId, attempt: 1 },
    ...overrides,
  };
}

/** Generous limits for tests that are not about limits, so a slow machine does not flake. */
export function limits(overrides: Partial<ModelCallOptions> = {}): ModelCallOptions {
  return { signal: new AbortController().signal, firstTokenTimeoutMs: 5000, idleTimeoutMs: 5000, ...overrides };
}

/** Awaits a call that must fail and returns its ModelCallError. */
export async function callError(promise: Promise<unknown>): Promise<ModelCallError> {
  const error = await promise.then(
    (result) => {
      throw new Error(`expected a ModelCallError, got a result: ${JSON.stringify(result)}`);
    },
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(ModelCallError);
  return error as ModelCallError;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
