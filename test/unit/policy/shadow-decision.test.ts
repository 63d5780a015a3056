import { describe, expect, it } from 'vitest';
import { decideRoute } from '../../../src/policy/decide-route.js';
import { decideShadow, type ShadowPolicySnapshot } from '../../../src/policy/shadow-decision.js';
import type { RouteRequest } from '../../../src/policy/types.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';

const active = testPolicy();
// The candidate: FAQ answered by the strong model, risky requests no longer reviewed, no catch-all route.
const candidate = testPolicy(
  BASE_POLICY_YAML.replace('version: test-1', 'version: test-2')
    .replace('    primary: strong\n    review: always', '    primary: strong\n    review: never')
    .replace('    primary: fast\n    fallbacks: [strong, local]', '    primary: strong\n    fallbacks: [local]')
    .replace('  - name: default\n    primary: strong\n    fallbacks: [fast, local]\n', ''),
);
const shadow: ShadowPolicySnapshot = { version: 'test-2', hash: 'h2', policy: candidate };
const request: RouteRequest = { messages: [{ role: 'user', content: 'where is my order?' }] };
const anonymous = { name: null, problem: null };

function decide(facts: { classification: ReturnType<typeof classification>; dataClass: 'public' | 'restricted' }) {
  const activeDecision = decideRoute(active, request, { ...facts, metadata: {} });
  return decideShadow(
    shadow,
    request,
    anonymous,
    facts,
    { failoverByKind: true },
    {
      policy: active,
      decision: activeDecision,
    },
  );
}

describe('decideShadow', () => {
  it('decides route, primary and first-attempt estimate under the shadow policy, beside the active ones', () => {
    const decision = decide({ classification: classification(), dataClass: 'public' });
    // 10 tokens × 1.1 margin = 11 input tokens, 100 output tokens at the cap.
    expect(decision).toMatchObject({
      policyVersion: 'test-2',
      policyHash: 'h2',
      route: 'faq',
      model: 'strong',
      candidates: ['strong', 'local'],
      review: false,
      estimatedCostUsd: 0.00311,
      active: { route: 'faq', model: 'fast', review: false, estimatedCostUsd: 0.000211 },
    });
  });

  it('narrows by the data class before choosing the primary', () => {
    const decision = decide({ classification: classification(), dataClass: 'restricted' });
    expect(decision).toMatchObject({ route: 'faq', model: 'local', candidates: ['local'], estimatedCostUsd: 0 });
    expect(decision.excluded).toEqual([{ model: 'strong', cause: 'privacy' }]);
    expect(decision.active.model).toBe('local');
  });

  it('reports review yes/no from the shadow rules', () => {
    const risky = classification({ intent: 'refund', risk: 'high' });
    const decision = decide({ classification: risky, dataClass: 'public' });
    expect(decision).toMatchObject({ route: 'risky', review: false, active: { route: 'risky', review: true } });
  });

  it('records a rejection when no shadow route matches', () => {
    const unknown = classification({ intent: 'billing', risk: 'medium' });
    const decision = decide({ classification: unknown, dataClass: 'public' });
    expect(decision).toMatchObject({ route: null, model: null, review: false, estimatedCostUsd: null });
    expect(decision.reason).toContain('no route matches');
    expect(decision.active.route).toBe('default');
  });

  it("applies the shadow policy's own access grants to the request as sent", () => {
    const forced: RouteRequest = { ...request, route: 'risky' };
    const facts = { classification: classification(), dataClass: 'public' as const };
    const decision = decideShadow(
      shadow,
      forced,
      anonymous,
      facts,
      { failoverByKind: true },
      {
        policy: active,
        decision: decideRoute(active, request, { ...facts, metadata: {} }),
      },
    );
    // The shadow grants no forcing (access default): routed as if the caller had not asked.
    expect(decision.route).toBe('faq');
  });
});
