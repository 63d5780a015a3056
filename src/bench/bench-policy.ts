import { type LoadedPolicy, parsePolicyText } from '../config/load-policy.js';

/**
 * The overhead/throughput benchmark policy: one instant fake model (`ok`, OpenAI wire) behind route `ok`,
 * no retries that could fire, search attributes as in production. Inline so the benchmark measures the
 * router, not a policy someone edited.
 */
export const BENCH_POLICY_YAML = `
version: bench-overhead-1
description: Router overhead benchmark (instant fake model).
defaults:
  timeoutMs: 5000
  deadlineMs: 10000
  retries: 0
  maxOutputTokens: 64
providers:
  fake-openai: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake-openai, id: ok, contextTokens: 16000, price: { inputPer1M: 0.15, outputPer1M: 0.6 } }
routes:
  - name: ok
    primary: ok
`;

export function benchPolicy(): LoadedPolicy {
  return parsePolicyText(BENCH_POLICY_YAML, '/virtual/bench-policy.yaml', 'bench-policy.yaml');
}
