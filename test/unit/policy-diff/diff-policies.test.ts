import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile, parsePolicyText } from '../../../src/config/load-policy.js';
import { diffPolicies } from '../../../src/policy-diff/diff-policies.js';
import { formatPolicyDiff } from '../../../src/policy-diff/format-diff.js';

const FILE = 'examples/policies/support-inbox.yaml';
const base = loadPolicyFile(FILE);
const text = readFileSync(FILE, 'utf8');

/** The support-inbox policy with text replacements applied (each must match). */
function edited(...replacements: [string | RegExp, string][]) {
  let yaml = text;
  for (const [from, to] of replacements) {
    const next = yaml.replace(from, to);
    if (next === yaml) throw new Error(`replacement did not match: ${from}`);
    yaml = next;
  }
  return parsePolicyText(yaml, '/virtual/next.yaml', 'next.yaml');
}

describe('policy diff', () => {
  it('finds nothing between a policy and itself', () => {
    const diff = diffPolicies(base, loadPolicyFile(FILE));
    expect(diff.identical).toBe(true);
    expect(diff.routes).toEqual({ added: [], removed: [], changed: [], order: null });
    expect(formatPolicyDiff(diff)).toContain('identical');
  });

  it('reports versions and hashes of both sides', () => {
    const next = edited(['version: support-inbox-2026-11-21.1', 'version: support-inbox-2026-11-22.1']);
    const diff = diffPolicies(base, next);
    expect(diff.from).toEqual({ version: 'support-inbox-2026-11-21.1', hash: base.hash });
    expect(diff.to).toEqual({ version: 'support-inbox-2026-11-22.1', hash: next.hash });
    expect(diff.identical).toBe(false);
  });

  it('route changes: primary, fallbacks, limits, budget, review, conditions', () => {
    const next = edited(
      [
        /(name: routine[\s\S]*?)primary: fast\n {4}fallbacks: \[strong\]\n {4}maxCostUsd: 0.02\n {4}timeoutMs: 3000/,
        '$1primary: strong\n    fallbacks: [fast, local]\n    maxCostUsd: 0.05\n    timeoutMs: 2500',
      ],
      [
        'when: { risk: high }\n    primary: strong\n    review: always',
        'when: { risk: [high, medium] }\n    primary: strong\n    review: auto',
      ],
    );
    const diff = diffPolicies(base, next);
    const changed = Object.fromEntries(diff.routes.changed.map((route) => [route.name, route.changes]));
    expect(changed.routine).toEqual([
      { path: 'primary', from: 'fast', to: 'strong' },
      { path: 'fallbacks', from: ['strong'], to: ['fast', 'local'] },
      { path: 'timeoutMs', from: 3000, to: 2500 },
      { path: 'maxCostUsd', from: 0.02, to: 0.05 },
    ]);
    expect(changed['people-decide']).toEqual([
      { path: 'when.risk', from: ['high'], to: ['high', 'medium'] },
      { path: 'review', from: 'always', to: 'auto' },
    ]);
    expect(diff.warnings).toEqual(
      expect.arrayContaining([
        'route people-decide no longer always asks for review',
        'route routine cost cap raised from $0.02 to $0.05',
      ]),
    );
  });

  it('added, removed and reordered routes (first match wins, so order is a change)', () => {
    const next = edited(
      [/ {2}- name: complex\n[\s\S]*?maxCostUsd: 0.05\n/, ''],
      ['routes:\n', 'routes:\n  - name: vip\n    when: { metadata: { task: vip } }\n    primary: strong\n'],
    );
    const diff = diffPolicies(base, next);
    expect(diff.routes.added).toEqual(['vip']);
    expect(diff.routes.removed).toEqual(['complex']);
    expect(diff.routes.order).toBeNull();
    expect(formatPolicyDiff(diff)).toMatch(/routes\n {2}\+ vip\n {2}- complex/);
  });

  it('reports a reordering of routes', () => {
    const next = edited([
      /( {2}- name: private-data\n[\s\S]*?maxCostUsd: 0.01\n)( {2}- name: ticket-triage\n[\s\S]*?urgency: \{ enum: \[low, normal, high\] \}\n)/,
      '$2$1',
    ]);
    const diff = diffPolicies(base, next);
    expect(diff.routes.changed).toEqual([]);
    expect(diff.routes.order).toEqual({
      from: ['people-decide', 'private-data', 'ticket-triage', 'routine', 'complex', 'default'],
      to: ['people-decide', 'ticket-triage', 'private-data', 'routine', 'complex', 'default'],
    });
  });

  it('privacy and review rule changes', () => {
    const next = edited(
      [
        'restricted: [credit_card, iban, national_id, account_number, health]',
        'restricted: [credit_card, iban, national_id, account_number]',
      ],
      ['onNoAllowedProvider: review', 'onNoAllowedProvider: degrade'],
      [
        'reviewers: [reviewer@example.com, alice@example.com, bob@example.com]',
        'reviewers: [reviewer@example.com, carol@example.com]',
      ],
      ['deadline: 4h', 'deadline: 2h'],
    );
    const diff = diffPolicies(base, next);
    expect(diff.privacy).toEqual([
      {
        path: 'restricted',
        from: ['credit_card', 'iban', 'national_id', 'account_number', 'health'],
        to: ['credit_card', 'iban', 'national_id', 'account_number'],
      },
      { path: 'onNoAllowedProvider', from: 'review', to: 'degrade' },
    ]);
    expect(diff.review).toEqual([
      {
        path: 'reviewers',
        from: ['reviewer@example.com', 'alice@example.com', 'bob@example.com'],
        to: ['reviewer@example.com', 'carol@example.com'],
      },
      { path: 'deadline', from: 14_400_000, to: 7_200_000 },
    ]);
    expect(diff.warnings).toEqual([
      'privacy.restricted no longer lists health',
      'requests no provider may take now degrade instead of going to review',
      'new reviewers: carol@example.com',
      'reviewers removed: alice@example.com, bob@example.com',
    ]);
  });

  it('model, provider data-class, privacy and review changes, with warnings where data access widens', () => {
    const next = edited(
      ['price: { inputPer1M: 0.15, outputPer1M: 0.60 }', 'price: { inputPer1M: 0.2, outputPer1M: 0.8 }'],
      [
        'dataClasses: [public, internal]\n    region: us\n  cloud-strong',
        'dataClasses: [public, internal, restricted]\n    region: us\n  cloud-strong',
      ],
    );
    const diff = diffPolicies(base, next);
    expect(diff.models.changed).toEqual([
      {
        name: 'fast',
        changes: [
          { path: 'price.inputPer1M', from: 0.15, to: 0.2 },
          { path: 'price.outputPer1M', from: 0.6, to: 0.8 },
        ],
      },
    ]);
    expect(diff.providers.changed).toEqual([
      {
        name: 'cloud-fast',
        changes: [{ path: 'dataClasses', from: ['public', 'internal'], to: ['public', 'internal', 'restricted'] }],
      },
    ]);
    expect(diff.warnings).toContain('provider cloud-fast may now see restricted data');
    const output = formatPolicyDiff(diff);
    expect(output).toContain('~ fast: price.inputPer1M 0.15 → 0.2; price.outputPer1M 0.6 → 0.8');
    expect(output).toContain('! provider cloud-fast may now see restricted data');
  });
});
