import { parsePolicyText } from '../../src/config/load-policy.js';
import type { Policy } from '../../src/policy/schema.js';
import type { Classification } from '../../src/policy/types.js';

/** A small policy for pure tests: a public cheap model, a public strong one, a private one. */
export const BASE_POLICY_YAML = `
version: test-1
defaults: { timeoutMs: 1000, deadlineMs: 5000, retries: 1, retryDelayMs: 100, maxOutputTokens: 100, minConfidence: 0.6 }
providers:
  cloud: { kind: openai-compatible, baseURL: http://127.0.0.1:1/v1, dataClasses: [public, internal] }
  private: { kind: openai-compatible, baseURL: http://127.0.0.1:2/v1, dataClasses: [public, internal, restricted] }
models:
  fast: { provider: cloud, id: fast, contextTokens: 1000, price: { inputPer1M: 1, outputPer1M: 2 } }
  strong: { provider: cloud, id: strong, contextTokens: 100000, price: { inputPer1M: 10, outputPer1M: 30 } }
  local: { provider: private, id: local, contextTokens: 8000, price: { inputPer1M: 0, outputPer1M: 0 } }
intents:
  order_status: { risk: low, keywords: [order, package] }
  refund: { risk: high, keywords: [refund] }
routes:
  - name: risky
    when: { risk: high }
    primary: strong
    review: always
  - name: faq
    when: { intent: order_status }
    primary: fast
    fallbacks: [strong, local]
  - name: default
    primary: strong
    fallbacks: [fast, local]
review: { reviewers: [alice@example.com] }
`;

export function testPolicy(yaml = BASE_POLICY_YAML): Policy {
  return parsePolicyText(yaml, '/virtual/test.yaml', 'test.yaml').policy;
}

export function classification(overrides: Partial<Classification> = {}): Classification {
  return {
    intent: 'order_status',
    confidence: 0.9,
    risk: 'low',
    source: 'rules',
    conflicting: false,
    alternatives: [],
    complexity: { chars: 40, inputTokens: 10, questions: 1, messages: 1, attachments: 0, longContext: false },
    ...overrides,
  };
}
