import { describe, expect, it } from 'vitest';
import { DEFAULT_FAST_PATH } from '../../../src/policy/fast-path.js';
import { type FirstAttemptFacts, firstAttemptInput } from '../../../src/policy/first-attempt.js';
import type { PrivacyVerdict, RouteRequest } from '../../../src/policy/types.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';

/** The base policy with extra lines added to the `faq` route (the route `order_status` requests take). */
const withFaq = (lines: string) =>
  BASE_POLICY_YAML.replace('    fallbacks: [strong, local]\n', `    fallbacks: [strong, local]\n${lines}`);

/** The base policy with top-level sections (budgets, quotas) added before `review`. */
const withSection = (section: string) =>
  BASE_POLICY_YAML.replace('review: { reviewers', `${section}\nreview: { reviewers`);

const publicVerdict: PrivacyVerdict = { dataClass: 'public', findings: [], entityTypes: [] };
const ask: RouteRequest = { messages: [{ role: 'user', content: 'where is my order?' }] };

function facts(overrides: Partial<FirstAttemptFacts> = {}, yaml = BASE_POLICY_YAML): FirstAttemptFacts {
  return {
    workflowId: 'wf-1',
    policy: testPolicy(yaml),
    policyHash: 'hash-1',
    request: ask,
    callerName: null,
    classification: classification(),
    privacy: publicVerdict,
    grant: DEFAULT_FAST_PATH,
    ...overrides,
  };
}

describe('the first attempt made ahead: the call', () => {
  it('a plain route: attempt 1, primary, on the route’s primary model, prose accepts a cut answer', () => {
    const input = firstAttemptInput(facts());
    expect(input).not.toBeNull();
    expect(input).toMatchObject({
      workflowId: 'wf-1',
      n: 1,
      role: 'primary',
      policyHash: 'hash-1',
      modelKey: 'fast',
      route: 'faq',
      messages: ask.messages,
      maxOutputTokens: 100,
      responseFormat: null,
      redact: false,
      acceptTruncated: true,
    });
    expect(input?.timeouts.timeoutMs).toBe(1000);
    expect(typeof input?.minScore).toBe('number');
  });

  it('puts the route’s system prompt first, then the conversation', () => {
    const input = firstAttemptInput(facts({}, withFaq('    system: "You answer order questions."\n')));
    expect(input?.messages).toEqual([
      { role: 'system', content: 'You answer order questions.' },
      { role: 'user', content: 'where is my order?' },
    ]);
    expect(input?.route).toBe('faq');
  });

  it('takes the route the policy picks for the classification (default route for another intent)', () => {
    const input = firstAttemptInput(facts({ classification: classification({ intent: 'other' }) }));
    expect(input).toMatchObject({ n: 1, role: 'primary', route: 'default', modelKey: 'strong' });
  });

  it('an attempt limit exactly at the grant still goes ahead', () => {
    expect(firstAttemptInput(facts({ grant: { maxTimeoutMs: 1000 } }))?.timeouts.timeoutMs).toBe(1000);
  });

  it('a budget or quota on another route does not stop it', () => {
    const budget = withSection(
      'budgets:\n  - { name: other-route, scope: { route: default }, period: day, limitUsd: 5 }',
    );
    expect(firstAttemptInput(facts({}, budget))?.route).toBe('faq');
    const quota = withSection(
      'quotas:\n  - { name: other-route, scope: { route: default }, target: { model: fast }, maxShare: 0.5 }',
    );
    expect(firstAttemptInput(facts({}, quota))?.route).toBe('faq');
  });

  it('is pure: the same facts give the same input', () => {
    expect(firstAttemptInput(facts())).toEqual(firstAttemptInput(facts()));
  });
});

describe('the first attempt made ahead: none when something else comes first', () => {
  it.each<[string, string]>([
    ['an answer cache on the route', '    cache: { ttlSeconds: 60 }\n'],
    ['a hedge on the route', '    hedge: { afterMs: 200, when: always }\n'],
    ['a verifier on the route', '    verify: { checks: [{ kind: judge, model: local, minScore: 0.7 }] }\n'],
    [
      'interim messages to a webhook on the route',
      '    interim: { afterMs: 500, message: "Still working.", webhook: { url: "http://127.0.0.1:9/hook" } }\n',
    ],
    ['a route that opts out of the fast path', '    fastPath: false\n'],
    ['a route that always asks for review', '    review: always\n'],
  ])('%s', (_, lines) => {
    const yaml = withFaq(lines);
    // The edit parsed and landed on the faq route (else the case would prove nothing).
    expect(testPolicy(yaml).routes.find((route) => route.name === 'faq')).not.toEqual(
      testPolicy().routes.find((route) => route.name === 'faq'),
    );
    expect(firstAttemptInput(facts({}, yaml))).toBeNull();
  });

  it('a budget covering the call', () => {
    const onRoute = withSection('budgets:\n  - { name: faq-day, scope: { route: faq }, period: day, limitUsd: 5 }');
    expect(testPolicy(onRoute).budgets).toHaveLength(1);
    expect(firstAttemptInput(facts({}, onRoute))).toBeNull();
    const everything = withSection('budgets:\n  - { name: all-day, scope: all, period: day, limitUsd: 5 }');
    expect(firstAttemptInput(facts({}, everything))).toBeNull();
  });

  it('a quota covering the call', () => {
    const quota = withSection(
      'quotas:\n  - { name: faq-share, scope: { route: faq }, target: { model: strong }, maxShare: 0.2 }',
    );
    expect(testPolicy(quota).quotas).toHaveLength(1);
    expect(firstAttemptInput(facts({}, quota))).toBeNull();
  });

  it('an attempt limit above the grant’s maxTimeoutMs', () => {
    expect(firstAttemptInput(facts({ grant: { maxTimeoutMs: 999 } }))).toBeNull();
  });

  it('a request the policy reviews first (high risk goes to the `risky` route, review: always)', () => {
    const risky = classification({ intent: 'refund', risk: 'high' });
    expect(firstAttemptInput(facts({ classification: risky }))).toBeNull();
  });

  it('a request the review rules send to a person first (classifiers disagree, onConflict)', () => {
    const yaml = BASE_POLICY_YAML.replace(
      'review: { reviewers: [alice@example.com] }',
      'review: { reviewers: [alice@example.com], when: { risk: [high], onConflict: true } }',
    );
    const disagreeing = classification({ conflicting: true });
    expect(firstAttemptInput(facts({ classification: disagreeing }, yaml))).toBeNull();
    // Without the conflict the same policy calls ahead on the faq route.
    expect(firstAttemptInput(facts({}, yaml))?.route).toBe('faq');
  });

  it('a request that names an unknown route or model', () => {
    expect(firstAttemptInput(facts({ request: { ...ask, route: 'nowhere' } }))).toBeNull();
    expect(firstAttemptInput(facts({ request: { ...ask, models: ['nothing'] } }))).toBeNull();
    // The same request naming a known route goes ahead.
    expect(firstAttemptInput(facts({ request: { ...ask, route: 'faq' } }))?.route).toBe('faq');
  });
});
