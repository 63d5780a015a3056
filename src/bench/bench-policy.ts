import { type LoadedPolicy, parsePolicyText } from '../config/load-policy.js';

/**
 * Requests the overhead benchmark sends per attempt count, and the bench policy's lane (metadata `lane`) that
 * produces that many attempts: 1 on route `ok`; 3 on route `attempts-3` (model `fail2` answers 500 twice, then
 * answers: two retries); 6 on route `attempts-6` (`fail3` fails all three of its tries, then the fallback
 * `fail2` fails twice and answers on its third).
 */
export const ATTEMPT_LANES = { 1: null, 3: 'attempts-3', 6: 'attempts-6' } as const;
export type AttemptCount = keyof typeof ATTEMPT_LANES;

/**
 * The overhead/throughput/budget benchmark policy: one instant fake model (`ok`, OpenAI wire) behind route `ok`,
 * no retries that could fire, search attributes as in production. Route `budgeted` (chosen by metadata
 * `lane: budgeted`) sends to the same model under one budget whose limit no run reaches: requests on `ok` run no
 * budget activity, requests on `budgeted` reserve before and commit after their attempt. Routes `attempts-3` and
 * `attempts-6` (lanes of the same names) take 3 and 6 attempts through fake models that fail a fixed number of
 * times per request (`fail-n`), retried at once (`retryDelayMs: 0`) on a provider whose circuit breaker is off
 * (their steady failures would open it). Inline so the benchmark measures the router, not a policy someone edited.
 */
export const BENCH_POLICY_YAML = `
version: bench-overhead-3
description: Router overhead benchmark (instant fake model; one budgeted route; 3- and 6-attempt routes).
defaults:
  timeoutMs: 5000
  deadlineMs: 10000
  retries: 0
  maxOutputTokens: 64
providers:
  fake-openai: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
  fake-flaky:
    kind: openai-compatible
    fakeProvider: true
    dataClasses: [public, internal, restricted]
    circuitBreaker: { enabled: false }
models:
  ok: { provider: fake-openai, id: ok, contextTokens: 16000, price: { inputPer1M: 0.15, outputPer1M: 0.6 } }
  fail2:
    { provider: fake-flaky, id: 'fail-n:count=2', contextTokens: 16000, price: { inputPer1M: 0.15, outputPer1M: 0.6 } }
  fail3:
    { provider: fake-flaky, id: 'fail-n:count=3', contextTokens: 16000, price: { inputPer1M: 0.15, outputPer1M: 0.6 } }
access: { metadataKeys: [lane] }
routes:
  - name: budgeted
    when: { metadata: { lane: budgeted } }
    primary: ok
  - name: attempts-3
    when: { metadata: { lane: attempts-3 } }
    primary: fail2
    retries: 2
    retryDelayMs: 0
  - name: attempts-6
    when: { metadata: { lane: attempts-6 } }
    primary: fail3
    fallbacks: [fail2]
    retries: 2
    retryDelayMs: 0
  - name: ok
    primary: ok
budgets:
  - { name: bench-budget, scope: { route: budgeted }, period: day, limitUsd: 1000000 }
`;

export function benchPolicy(): LoadedPolicy {
  return parsePolicyText(BENCH_POLICY_YAML, '/virtual/bench-policy.yaml', 'bench-policy.yaml');
}
