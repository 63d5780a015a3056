import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/fake-provider/answers.js';
import type { RouteResult } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * Trust boundary (ARCHITECTURE §0): a route's `maxCostUsd` holds for every request, whatever the caller sends.
 * Before the change (9e9deac) only fallbacks were checked against the cap (a retry was not), and the input
 * estimate counted runs of spaces as nothing, so padding made a request cost many times its estimate.
 *
 * Prices are absurd on purpose ($1 a token) so that a single token over the cap shows.
 */
const POLICY = `
version: caps-1
defaults: { timeoutMs: 3000, deadlineMs: 15000, retries: 1, retryDelayMs: 0, maxOutputTokens: 100 }
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  # Always 503 (transient, nothing billed).
  down: { provider: fake, id: '503', contextTokens: 16000, price: { inputPer1M: 0, outputPer1M: 1000000 }, capabilities: [json] }
  # Answers prose when JSON is asked: OutputFormatInvalid, transient, and billed for its 20 output tokens.
  prose: { provider: fake, id: bad-json, contextTokens: 16000, price: { inputPer1M: 0, outputPer1M: 1000000 }, capabilities: [json] }
  # Input is what costs here.
  metered: { provider: fake, id: ok, contextTokens: 16000, price: { inputPer1M: 1000000, outputPer1M: 1000 } }
access: { forceRoutes: all }
# These lanes send request after request to the same failing models to check every attempt against the cap;
# the circuit breaker (on by default, docs/circuit-breaker.md) would skip them after a few failures.
circuitBreaker: { enabled: false }
routes:
  - name: retry-lane
    primary: down
    fallbacks: [prose]
    responseFormat: { type: json }
    maxOutputTokens: 20
    maxCostUsd: 30
  - name: retry-lane-tight
    primary: prose
    responseFormat: { type: json }
    maxOutputTokens: 20
    maxCostUsd: 37
  - name: padded-lane
    primary: metered
    maxCostUsd: 12
  - name: default
    primary: metered
`;
const PRICES: Record<string, { input: number; output: number }> = {
  down: { input: 0, output: 1 },
  prose: { input: 0, output: 1 },
  metered: { input: 1, output: 0.001 },
};
/** What the fake bills for one bad-json answer, tokens (its prose, ceil(chars/4)). */
const PROSE_TOKENS = estimateTokens('Sure! Here is what I found, in plain words rather than JSON (model bad-json).');
const REQUESTS = 20;

/** USD of a request's attempts at the model prices, from the usage each attempt recorded. */
function attemptsCost(result: RouteResult): number {
  return result.attempts.reduce((sum, attempt) => {
    const price = PRICES[attempt.model]!;
    return sum + attempt.inputTokens * price.input + attempt.outputTokens * price.output;
  }, 0);
}

describe('trust boundary: cost caps hold for every attempt', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const routeMany = (route: string, content: string) =>
    Promise.all(
      Array.from({ length: REQUESTS }, (_, index) =>
        harness.router.route(
          { route, messages: [{ role: 'user', content }] },
          {
            workflowId: `route-caps-${route}-${index}-${Date.now()}`,
          },
        ),
      ),
    );

  it('retry lane: 503, 503, then a billed transient failure — the retry that would overshoot is not made', async () => {
    expect(PROSE_TOKENS).toBe(20);
    const results = await routeMany('retry-lane', 'hi');
    for (const result of results) {
      expect(result.route).toBe('retry-lane');
      expect(result.costUsd).toBeLessThanOrEqual(30);
      expect(attemptsCost(result)).toBeLessThanOrEqual(30);
      // What reached the wire: every billed answer of `prose` costs PROSE_TOKENS at $1.
      const wire = harness.fake.attempts({ workflowId: result.workflowId });
      const billed = wire.filter((attempt) => attempt.model === 'bad-json' && attempt.status === 200);
      expect(billed.length * PROSE_TOKENS).toBeLessThanOrEqual(30);
      expect(wire.map((attempt) => attempt.model)).toEqual(['503', '503', 'bad-json']);
      expect(result.outcome).toBe('degraded');
    }
    expect(results[0]!.trail.at(-1)?.reason).toContain('would exceed it');
  });

  it('retry lane, tight: the retry goes out with its output cap lowered so the total lands on the cap', async () => {
    const results = await routeMany('retry-lane-tight', 'hi');
    for (const result of results) {
      expect(result.costUsd).toBeLessThanOrEqual(37);
      expect(attemptsCost(result)).toBeLessThanOrEqual(37);
      expect(result.attempts.map((attempt) => attempt.role)).toEqual(['primary', 'retry']);
      // 20 tokens on the first attempt, 17 on the retry: the whole cap, and not one token over.
      expect(result.costUsd).toBeCloseTo(37, 6);
      expect(result.trail.some((entry) => entry.reason.includes('output capped at 17 tokens'))).toBe(true);
    }
  });

  it('padded-input lane: "hi" + 300 spaces never costs more than the cap (20 of 20)', async () => {
    // Control: the honest request fits the cap and is answered.
    const honest = await harness.router.route({ route: 'padded-lane', messages: [{ role: 'user', content: 'hi' }] });
    expect(honest).toMatchObject({ outcome: 'answered', model: 'metered' });
    expect(attemptsCost(honest)).toBeLessThanOrEqual(12);

    const padded = await routeMany('padded-lane', `hi${' '.repeat(300)}`);
    const otherPadding = await Promise.all(
      // Padding the old estimate also counted as nothing: tabs, and runs of newlines.
      ['\t', '\n'].map((unit) =>
        harness.router.route({ route: 'padded-lane', messages: [{ role: 'user', content: `hi${unit.repeat(300)}` }] }),
      ),
    );
    for (const result of [...padded, ...otherPadding]) {
      expect(result.route).toBe('padded-lane');
      expect(result.costUsd).toBeLessThanOrEqual(12);
      expect(attemptsCost(result)).toBeLessThanOrEqual(12);
      // The fake bills ceil(chars/4) input tokens for what it received.
      const wireInputUsd = harness.fake
        .attempts({ workflowId: result.workflowId })
        .reduce((sum, attempt) => sum + estimateTokens(attempt.text), 0);
      expect(wireInputUsd).toBeLessThanOrEqual(12);
    }
  });
});
