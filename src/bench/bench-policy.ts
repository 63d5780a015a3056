import { type LoadedPolicy, parsePolicyText } from '../config/load-policy.js';

/**
 * The overhead/throughput/budget benchmark policy: one instant fake model (`ok`, OpenAI wire) behind route `ok`,
 * no retries that could fire, search attributes as in production. Route `budgeted` (chosen by metadata
 * `lane: budgeted`) sends to the same model under one budget whose limit no run reaches: requests on `ok` run no
 * budget activity, requests on `budgeted` reserve before and commit after their attempt. Inline so the benchmark
 * measures the router, not a policy someone edited.
 */
export const BENCH_POLICY_YAML = `
version: bench-overhead-2
description: Router overhead benchmark (instant fake model; one budgeted route).
defaults:
  timeoutMs: 5000
  deadlineMs: 10000
  retries: 0
  maxOutputTokens: 64
providers:
  fake-openai: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake-openai, id: ok, contextTokens: 16000, price: { inputPer1M: 0.15, outputPer1M: 0.6 } }
access: { metadataKeys: [lane] }
routes:
  - name: budgeted
    when: { metadata: { lane: budgeted } }
    primary: ok
  - name: ok
    primary: ok
budgets:
  - { name: bench-budget, scope: { route: budgeted }, period: day, limitUsd: 1000000 }
`;

export function benchPolicy(): LoadedPolicy {
  return parsePolicyText(BENCH_POLICY_YAML, '/virtual/bench-policy.yaml', 'bench-policy.yaml');
}
