import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandle } from '../../src/client/router-client.js';
import { parsePolicyText } from '../../src/config/load-policy.js';
import type { RouteRequest, RouteResult } from '../../src/policy/types.js';
import { collectRouteResults } from '../../src/report/collect-results.js';
import { summarizeResults } from '../../src/report/live-report.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const COMMON = `
defaults: { timeoutMs: 3000, deadlineMs: 10000, retries: 0, maxOutputTokens: 100 }
providers:
  cloud: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal] }
  private: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
intents:
  order_status: { risk: low, keywords: [order, package] }
  refund: { risk: high, keywords: [refund] }
  cancel: { risk: medium, keywords: [cancel] }
review: { reviewers: [alice@example.com] }
`;
const MODELS = `
  fast: { provider: cloud, id: ok, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
  strong: { provider: cloud, id: 'ok:latency=1', contextTokens: 100000, price: { inputPer1M: 10, outputPer1M: 30 } }
  local: { provider: private, id: 'ok:latency=2', contextTokens: 100000, price: { inputPer1M: 0, outputPer1M: 0 } }`;

const ACTIVE = `version: shadow-active-1
${COMMON}
models:${MODELS}
routes:
  - { name: risky, when: { risk: high }, primary: strong, review: always }
  - { name: faq, when: { intent: order_status }, primary: fast, fallbacks: [strong, local] }
  - { name: default, primary: strong, fallbacks: [fast, local] }
`;

/** The candidate: a premium model (served by the fake as `ok:latency=3`) only it uses, other review rules. */
const CANDIDATE = `version: shadow-candidate-1
${COMMON}
models:${MODELS}
  premium: { provider: cloud, id: 'ok:latency=3', contextTokens: 100000, price: { inputPer1M: 20, outputPer1M: 60 } }
routes:
  - { name: risky, when: { risk: high }, primary: premium, review: never }
  - { name: faq, when: { intent: order_status }, primary: premium, fallbacks: [local] }
  - { name: cancellations, when: { intent: cancel }, primary: fast, review: always }
  - { name: default, primary: fast, fallbacks: [local] }
`;

const TEXTS = [
  'Where is my order?',
  'Where is my package? I paid with 4111 1111 1111 1111',
  'I want a refund for this',
  'Please cancel my subscription',
  'Tell me something nice',
];

/** What actually happened to a request on a worker: its result, and whether it waited for a person. */
interface Observed {
  result: RouteResult;
  parked: boolean;
}

/** Waits for the request to finish; one that parks for review is rejected by the reviewer (no model call). */
async function observe(harness: Harness, handle: RouteHandle): Promise<Observed> {
  let parked = false;
  for (let poll = 0; poll < 300; poll++) {
    const phase = (await handle.status()).phase;
    if (phase === 'finished') break;
    if (phase === 'awaiting-review' && !parked) {
      parked = true;
      await handle.resolveReview(
        harness.signDecision(handle.workflowId, { reviewer: 'alice@example.com', decision: 'reject' }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { result: await handle.result(), parked };
}

/** Route, candidates in order and review of a run, read from its trail (what the workflow really decided). */
function decided(observed: Observed) {
  const entry = observed.result.trail.find((item) => item.step === 'route');
  const listed = entry?.reason.split('; candidates ')[1] ?? 'none';
  const candidates = listed === 'none' ? [] : listed.split(' → ').map((name) => name.replace(' (redacted copy)', ''));
  return { route: entry?.outcome ?? null, model: candidates[0] ?? null, candidates, review: observed.parked };
}

async function routeAll(harness: Harness): Promise<Observed[]> {
  const handles = await Promise.all(
    TEXTS.map((content) => harness.router.start({ messages: [{ role: 'user', content }] } satisfies RouteRequest)),
  );
  return Promise.all(handles.map((handle) => observe(harness, handle)));
}

describe('shadow policy on a real server', () => {
  const since = new Date(Date.now() - 1000);
  let withShadow: Harness;
  let candidateAlone: Harness;
  let shadowed: Observed[];
  let alone: Observed[];

  beforeAll(async () => {
    const candidate = parsePolicyText(CANDIDATE, '/virtual/candidate.yaml', 'candidate.yaml');
    [withShadow, candidateAlone] = await Promise.all([
      startHarness({ policyYaml: ACTIVE, shadowPolicy: candidate }),
      startHarness({ policyYaml: CANDIDATE }),
    ]);
    [shadowed, alone] = await Promise.all([routeAll(withShadow), routeAll(candidateAlone)]);
  }, 60_000);

  afterAll(async () => {
    for (const harness of [withShadow, candidateAlone]) {
      if (harness) expect(await replayFailures(harness.client, harness.started)).toEqual([]);
      await harness?.stop();
    }
  });

  it('records a shadow decision for every request that matches what the shadow policy alone decides', () => {
    expect(alone.map((observed) => observed.result.shadow)).toEqual(alone.map(() => undefined));
    shadowed.forEach((observed, index) => {
      const shadow = observed.result.shadow;
      expect(shadow, TEXTS[index]).toBeDefined();
      const expected = decided(alone[index]!);
      expect(shadow, TEXTS[index]).toMatchObject({
        policyVersion: 'shadow-candidate-1',
        route: expected.route,
        model: expected.model,
        candidates: expected.candidates,
        review: expected.review,
      });
      // The active side of the record is what the active policy really did on this run.
      const { candidates: _candidates, ...active } = decided(observed);
      expect(shadow?.active, TEXTS[index]).toMatchObject(active);
    });
    expect(shadowed.map((observed) => observed.result.shadow?.route)).toEqual([
      'faq',
      'faq',
      'risky',
      'cancellations',
      'default',
    ]);
    expect(shadowed.map((observed) => observed.result.shadow?.model)).toEqual([
      'premium',
      'local',
      'premium',
      'fast',
      'fast',
    ]);
    const restricted = shadowed[1]!.result.shadow!;
    expect(restricted.excluded).toEqual([{ model: 'premium', cause: 'privacy' }]);
    expect(restricted.estimatedCostUsd).toBe(0);
    expect(shadowed[0]!.result.shadow!.estimatedCostUsd).toBeGreaterThan(
      shadowed[0]!.result.shadow!.active.estimatedCostUsd!,
    );
  });

  it('calls no model for the shadow', () => {
    const wire = withShadow.fake.attempts();
    expect(wire.map((attempt) => attempt.model)).not.toContain('ok:latency=3');
    for (const { result } of shadowed) {
      expect(withShadow.fake.attempts({ workflowId: result.workflowId })).toHaveLength(result.attempts.length);
    }
  });

  it('tags SwitchyardShadowRoute for search', async () => {
    const query = `TaskQueue = '${withShadow.taskQueue}' AND SwitchyardShadowRoute = 'faq'`;
    await expect
      .poll(
        async () => {
          let count = 0;
          for await (const _ of withShadow.client.workflow.list({ query })) count += 1;
          return count;
        },
        { timeout: 10_000 },
      )
      .toBe(2);
  });

  it('reports the agreement matrix and the deltas', async () => {
    const collected = await collectRouteResults(withShadow.client, { since, taskQueue: withShadow.taskQueue });
    expect(collected.results).toHaveLength(TEXTS.length);
    const report = summarizeResults(collected.results, { ...collected, since, generatedAt: new Date() }).shadow;
    expect(report.agreement).toEqual({
      faq: { faq: 2 },
      risky: { risky: 1 },
      default: { cancellations: 1, default: 1 },
    });
    expect(report.agreementRate).toBe(0.8);
    expect(report.policyVersions).toEqual(['shadow-candidate-1']);
    const risky = report.byRoute.find((row) => row.key === 'risky');
    expect(risky).toMatchObject({ requests: 1, activeReviewRate: 1, shadowReviewRate: 0, reviewRateDelta: -1 });
    expect(report.byIntent.find((row) => row.key === 'cancel')).toMatchObject({ requests: 1, reviewRateDelta: 1 });
    // The unknown request and the cancellation are both medium risk: one of two newly reviewed.
    expect(report.byRisk.find((row) => row.key === 'medium')).toMatchObject({ requests: 2, reviewRateDelta: 0.5 });
  });
});
