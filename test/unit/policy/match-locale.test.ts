import { describe, expect, it } from 'vitest';
import { selectRoute, whyNotMatching } from '../../../src/policy/match-route.js';
import type { RouteRequest } from '../../../src/policy/types.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';

const policy = testPolicy(
  BASE_POLICY_YAML.replace(
    'routes:\n',
    'routes:\n  - { name: german, when: { locale: de }, primary: local }\n  - { name: romance, when: { locale: [fr, es] }, primary: fast }\n',
  ),
);
const request: RouteRequest = { messages: [{ role: 'user', content: 'x' }] };
const facts = (locale?: string) => ({
  classification: classification({ intent: 'other', risk: 'low' }),
  dataClass: 'public' as const,
  metadata: {},
  ...(locale === undefined ? {} : { locale }),
});

describe('route when.locale', () => {
  it('parses one code or a list', () => {
    expect(policy.routes[0]!.when?.locale).toEqual(['de']);
    expect(policy.routes[1]!.when?.locale).toEqual(['fr', 'es']);
  });

  it('matches the request locale', () => {
    expect(selectRoute(policy, request, facts('de'))).toMatchObject({
      ok: true,
      reason: 'matched "german" on locale de',
    });
    expect(selectRoute(policy, request, facts('es'))).toMatchObject({ ok: true, route: { name: 'romance' } });
  });

  it('does not match another locale, und, or no locale (a workflow before locale-segments)', () => {
    expect(whyNotMatching(policy.routes[0]!.when, policy, facts('en'))).toBe('locale en not in route');
    expect(whyNotMatching(policy.routes[0]!.when, policy, facts('und'))).toBe('locale und not in route');
    expect(whyNotMatching(policy.routes[0]!.when, policy, facts())).toBe('locale unknown not in route');
    expect(selectRoute(policy, request, facts())).toMatchObject({ ok: true, route: { name: 'default' } });
  });

  it('leaves stage and owner out of policies that omit them (their hash does not change)', () => {
    const plain = testPolicy();
    expect(plain.routes.some((route) => 'stage' in route || 'owner' in route)).toBe(false);
  });

  it('refuses a locale that is no ISO 639-1 code', () => {
    expect(() =>
      testPolicy(
        BASE_POLICY_YAML.replace('routes:\n', 'routes:\n  - { name: x, when: { locale: german }, primary: local }\n'),
      ),
    ).toThrow(/ISO 639-1/);
  });
});
