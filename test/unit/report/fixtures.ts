import type { AttemptRecord, RouteResult } from '../../../src/policy/types.js';

/** A model attempt with defaults for everything a test does not care about. */
export function attempt(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    n: 1,
    model: 'fast',
    provider: 'cloud-fast',
    role: 'primary',
    ok: true,
    errorKind: null,
    errorType: null,
    message: null,
    status: null,
    retryAfterMs: null,
    formatFailure: false,
    latencyMs: 100,
    inputTokens: 10,
    outputTokens: 20,
    costUsd: 0.001,
    ...overrides,
  };
}

/** A finished request with defaults for everything a test does not care about. */
export function result(overrides: Partial<RouteResult> = {}): RouteResult {
  return {
    workflowId: `route-${Math.random().toString(36).slice(2)}`,
    outcome: 'answered',
    answer: 'an answer',
    route: 'faq',
    model: 'fast',
    attempts: [attempt()],
    trail: [],
    costUsd: 0.001,
    latencyMs: 200,
    policyVersion: 'v1',
    policyHash: 'hash',
    classification: null,
    privacy: null,
    review: null,
    usage: { inputTokens: 10, outputTokens: 20 },
    ...overrides,
  };
}
