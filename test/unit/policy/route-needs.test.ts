import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCandidate, decideRoute, planForModel, type RoutePlan } from '../../../src/policy/decide-route.js';
import { nextStep, startLadder } from '../../../src/policy/ladder.js';
import type { Policy } from '../../../src/policy/schema.js';
import type { DataClass, RouteRequest } from '../../../src/policy/types.js';
import { classification, testPolicy } from '../../support/policies.js';

/** JSON capability and regions are enforced when the route is decided, not just written down. */
const POLICY = `version: needs-1
providers:
  eu: { kind: openai-compatible, baseURL: http://127.0.0.1:1/v1, dataClasses: [public, internal, restricted], region: eu }
  us: { kind: openai-compatible, baseURL: http://127.0.0.1:2/v1, dataClasses: [public, internal], region: us }
  nowhere: { kind: openai-compatible, baseURL: http://127.0.0.1:3/v1, dataClasses: [public, internal] }
models:
  plain: { provider: us, id: plain, contextTokens: 8000, price: { inputPer1M: 1, outputPer1M: 1 } }
  json-us: { provider: us, id: json-us, contextTokens: 8000, capabilities: [json], price: { inputPer1M: 1, outputPer1M: 1 } }
  json-eu: { provider: eu, id: json-eu, contextTokens: 8000, capabilities: [json], price: { inputPer1M: 1, outputPer1M: 1 } }
  unplaced: { provider: nowhere, id: unplaced, contextTokens: 8000, price: { inputPer1M: 1, outputPer1M: 1 } }
routes:
  - name: eu-only
    when: { intent: eu_case }
    regions: [eu]
    primary: plain
    fallbacks: [json-eu]
  - name: default
    primary: plain
    fallbacks: [unplaced, json-us, json-eu]
    redact: true
privacy:
  regions: { internal: [eu, us], restricted: [eu] }
intents: { eu_case: {} }
`;

const policy = testPolicy(POLICY);
const request: RouteRequest = { messages: [{ role: 'user', content: 'hello' }] };

function plan(options: { request?: RouteRequest; dataClass?: DataClass; intent?: string } = {}) {
  const decision = decideRoute(policy, options.request ?? request, {
    classification: classification({ intent: options.intent ?? 'order_status' }),
    dataClass: options.dataClass ?? 'public',
    metadata: {},
  });
  if (decision.kind !== 'plan') throw new Error(decision.reason);
  return decision.plan;
}

const models = (routePlan: RoutePlan) => routePlan.candidates.map((candidate) => candidate.model);

describe('capabilities at run time', () => {
  it('excludes models without json when the caller asks for a JSON answer', () => {
    const routePlan = plan({ request: { ...request, responseFormat: { type: 'json' } } });
    expect(models(routePlan)).toEqual(['json-us', 'json-eu']);
    expect(routePlan.excluded).toEqual([
      { model: 'plain', cause: 'capability', reason: 'JSON answer requested; model plain lacks the json capability' },
      {
        model: 'unplaced',
        cause: 'capability',
        reason: 'JSON answer requested; model unplaced lacks the json capability',
      },
    ]);
    expect(planForModel(policy, routePlan, 'plain', 'public', 10)).toBe(
      'JSON answer requested; model plain lacks the json capability',
    );
  });

  it('leaves policies recorded before the rule as they ran (replay): no requireCapabilities, no exclusion', () => {
    const history = JSON.parse(readFileSync('test/fixtures/histories/format-failure.json', 'utf8'));
    const payload = history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0].data;
    const recorded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')).policy as Policy;
    expect(recorded.defaults.requireCapabilities).toBeUndefined();
    expect(recorded.models['bad-json']?.capabilities).toEqual([]);
    const checked = checkCandidate(recorded, 'bad-json', 'public', 10, 128, undefined, false, { json: true });
    expect(checked).toMatchObject({ model: 'bad-json', provider: 'cloud' });
    expect(checkCandidate(policy, 'plain', 'public', 10, 128, undefined, false, { json: true })).toMatchObject({
      cause: 'capability',
    });
  });

  it('keeps every model when no JSON is asked for', () => {
    expect(models(plan())).toEqual(['plain', 'unplaced', 'json-us', 'json-eu']);
  });
});

describe('regions at run time', () => {
  it("keeps a route's models to its regions; a provider without a region is outside", () => {
    const routePlan = plan({ intent: 'eu_case' });
    expect(routePlan.route).toBe('eu-only');
    expect(models(routePlan)).toEqual(['json-eu']);
    expect(routePlan.excluded).toEqual([
      { model: 'plain', cause: 'region', reason: 'provider us runs in us; the route may only go to eu' },
    ]);
  });

  it('keeps a data class to the regions privacy.regions allows it', () => {
    const internal = plan({ dataClass: 'internal' });
    expect(models(internal)).toEqual(['plain', 'json-us', 'json-eu']);
    expect(internal.excluded).toEqual([
      {
        model: 'unplaced',
        cause: 'region',
        reason: 'provider nowhere has no region; internal data may only go to eu, us',
      },
    ]);
    // Restricted data: providers that may see it run in eu; the others get a redacted (public) copy.
    const restricted = plan({ dataClass: 'restricted' });
    expect(restricted.candidates.map((candidate) => [candidate.model, candidate.redact])).toEqual([
      ['plain', true],
      ['unplaced', true],
      ['json-us', true],
      ['json-eu', false],
    ]);
  });

  it('with no allowed region left, follows privacy.onNoAllowedProvider (review by default)', () => {
    const routePlan = { ...plan({ intent: 'eu_case' }), candidates: [] };
    routePlan.excluded = [routePlan.excluded[0]!];
    expect(nextStep(startLadder(routePlan, 0), policy, 0)).toEqual({
      kind: 'review',
      reason:
        'no model of the route may take this request: plain (provider us runs in us; the route may only go to eu)',
    });
  });
});
