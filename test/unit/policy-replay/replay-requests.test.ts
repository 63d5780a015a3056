import { describe, expect, it } from 'vitest';
import type { DataClass } from '../../../src/policy/types.js';
import { brokenThresholds, parseFailOn } from '../../../src/policy-replay/fail-on.js';
import { formatPolicyReplay } from '../../../src/policy-replay/format-replay.js';
import type { ReplayRecord } from '../../../src/policy-replay/replay-record.js';
import { REPLAY_NUMERIC_FIELDS, replayRequests } from '../../../src/policy-replay/replay-requests.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';

const active = testPolicy();

/** BASE_POLICY_YAML with replacements applied (each must match). */
function candidateWith(...replacements: [string, string][]) {
  let yaml = BASE_POLICY_YAML;
  for (const [from, to] of replacements) {
    const next = yaml.replace(from, to);
    if (next === yaml) throw new Error(`replacement did not match: ${from}`);
    yaml = next;
  }
  return testPolicy(yaml);
}

function record(
  workflowId: string,
  intent: string,
  dataClass: DataClass,
  outcome: ReplayRecord['outcome'],
  recordedRoute: string | null,
): ReplayRecord {
  const risk = intent === 'refund' ? 'high' : 'low';
  return {
    workflowId,
    status: outcome ? 'completed' : 'running',
    startedAt: '2026-12-01T00:00:00.000Z',
    request: { messages: [{ role: 'user', content: 'hello' }] },
    policy: active,
    policyHash: 'hash-active',
    caller: { name: null, problem: null },
    classification: classification({ intent, risk }),
    dataClass,
    recordedRoute,
    outcome,
  };
}

const RECORDS = [
  record(
    'order-1',
    'order_status',
    'public',
    { costUsd: 0.0002, success: true, tokens: { input: 100, output: 50 } },
    'faq',
  ),
  record(
    'order-2',
    'order_status',
    'public',
    { costUsd: 0.0004, success: true, tokens: { input: 100, output: 50 } },
    'faq',
  ),
  record('refund-1', 'refund', 'public', null, 'risky'),
  record('card-1', 'other', 'restricted', { costUsd: 0, success: true, tokens: { input: 200, output: 20 } }, 'default'),
  record('degraded-1', 'other', 'public', { costUsd: 0.0003, success: false, tokens: null }, 'default'),
];

describe('policy replay: re-deciding recorded requests', () => {
  it('finds nothing when the candidate is the active policy', () => {
    const report = replayRequests(RECORDS, active);
    expect(report).toMatchObject({
      requests: 5,
      running: 1,
      skipped: 0,
      routeChanges: 0,
      changes: [],
      newlyReviewed: 0,
      noLongerReviewed: 0,
      dataClassViolations: 0,
      dataClassWidening: [],
      activeMismatches: 0,
      successes: 3,
      activePolicies: [{ version: 'test-1', hash: 'hash-active', requests: 5 }],
    });
    // Recorded $0.0009 over 3 successes; the same models at recorded tokens: fast 2 × $0.0002, local $0, strong
    // for the degraded one (no tokens: plan input 10 tokens, mean output 40) $0.0013.
    expect(report.estimatedCostPerSuccessUsd).toEqual({ active: 0.0003, candidate: 0.00056667 });
  });

  it('moves one intent to another route, widens a provider, drops a review', () => {
    const candidate = candidateWith(
      ['    primary: fast\n    fallbacks: [strong, local]', '    primary: strong\n    fallbacks: [local]'],
      ['  - name: faq', '  - name: orders'],
      ['dataClasses: [public, internal] }', 'dataClasses: [public, internal, restricted] }'],
      ['    review: always\n', '    review: never\n'],
    );
    const report = replayRequests(RECORDS, candidate);
    expect(report.changes).toEqual([
      { workflowId: 'order-1', from: { route: 'faq', model: 'fast' }, to: { route: 'orders', model: 'strong' } },
      { workflowId: 'order-2', from: { route: 'faq', model: 'fast' }, to: { route: 'orders', model: 'strong' } },
      { workflowId: 'card-1', from: { route: 'default', model: 'local' }, to: { route: 'default', model: 'strong' } },
    ]);
    expect(report.routeChanges).toBe(3);
    expect(report.reviewChanges).toEqual([
      { workflowId: 'refund-1', reviewed: false, reason: 'route "risky" always asks for review' },
    ]);
    expect([report.newlyReviewed, report.noLongerReviewed]).toEqual([0, 1]);
    // The restricted request would go to the cloud provider (primary strong, fallback fast): the deployed policy
    // never let it see restricted data.
    expect(report.violations).toEqual([{ workflowId: 'card-1', dataClass: 'restricted', providers: ['cloud'] }]);
    expect(report.dataClassViolations).toBe(1);
    expect(report.dataClassWidening).toEqual(['cloud']);
    // strong ($10/$30 per 1M) at recorded tokens: 2 × $0.0025 + $0.0026 + $0.0013 over 3 successes.
    expect(report.estimatedCostPerSuccessUsd).toEqual({ active: 0.0003, candidate: 0.00296667 });
  });

  it('counts requests a candidate newly sends to review, and rejects as a change', () => {
    const candidate = candidateWith([
      '  - name: faq\n    when: { intent: order_status }',
      '  - name: faq\n    when: { intent: order_status }\n    review: always',
    ]);
    const report = replayRequests(RECORDS, candidate);
    expect(report.newlyReviewed).toBe(2);
    expect(report.routeChanges).toBe(0);
    // A forced route the candidate no longer has: the candidate rejects the request.
    const forcing = 'access: { forceRoutes: all }\n';
    const open = {
      ...RECORDS[0]!,
      request: { ...RECORDS[0]!.request, route: 'faq' },
      policy: testPolicy(BASE_POLICY_YAML + forcing),
    };
    const withoutFaq = testPolicy(
      BASE_POLICY_YAML.replace(/ {2}- name: faq[\s\S]*?fallbacks: \[strong, local\]\n/, '') + forcing,
    );
    const rejected = replayRequests([open], withoutFaq);
    expect(rejected.changes).toEqual([
      { workflowId: 'order-1', from: { route: 'faq', model: 'fast' }, to: { route: null, model: null } },
    ]);
  });

  it('skips records whose snapshot does not fit the decision code, without failing the run', () => {
    const broken = {
      ...RECORDS[0]!,
      workflowId: 'old-1',
      policy: { ...active, routes: undefined },
    } as unknown as ReplayRecord;
    const report = replayRequests([broken, RECORDS[1]!], active, [{ workflowId: 'x', reason: 'not inspected' }]);
    expect(report.requests).toBe(1);
    expect(report.skipped).toBe(2);
    expect(report.skippedRequests.map((item) => item.workflowId)).toEqual(['x', 'old-1']);
  });
});

describe('policy replay summary', () => {
  it('lists changes, review changes, violations, widening and skips in plain words', () => {
    const candidate = candidateWith(
      ['dataClasses: [public, internal] }', 'dataClasses: [public, internal, restricted] }'],
      ['    review: always\n', '    review: never\n'],
    );
    const comparison = replayRequests(RECORDS, candidate, [{ workflowId: 'x', reason: 'not inspected' }]);
    const text = formatPolicyReplay({
      candidate: { version: 'test-1', hash: 'abcdef0123456789' },
      since: '2026-12-01T00:00:00.000Z',
      ...comparison,
      truncated: false,
      broken: [{ threshold: 'dataClassViolations>0', actual: 1 }],
    });
    expect(text.split('\n')).toEqual([
      'candidate test-1 (abcdef012345) replayed over 5 recorded request(s) since 2026-12-01T00:00:00.000Z (1 running, 1 skipped)',
      'active policies: test-1 (5)',
      '',
      'route changes: 1',
      '  card-1: default/local → default/strong',
      'newly reviewed: 0, no longer reviewed: 1',
      '  refund-1: no longer reviewed (route "risky" always asks for review)',
      'data class violations: 1',
      '  card-1: restricted data → cloud',
      'data classes widened for: cloud (judged against the active policy)',
      'cost per success (USD, 3 successes): active $0.000300, candidate ~$0.001433',
      'skipped 1: not inspected',
      'fail-on broken: dataClassViolations>0 (is 1)',
    ]);
  });
});

describe('policy replay --fail-on', () => {
  it('parses thresholds and reports the broken ones', () => {
    const thresholds = parseFailOn(
      'dataClassViolations>0, routeChanges>=20,requests<1,newlyReviewed<=2,skipped==0',
      REPLAY_NUMERIC_FIELDS,
    );
    expect(thresholds.map((threshold) => threshold.text)).toEqual([
      'dataClassViolations>0',
      'routeChanges>=20',
      'requests<1',
      'newlyReviewed<=2',
      'skipped==0',
    ]);
    const report = { dataClassViolations: 1, routeChanges: 20, requests: 5, newlyReviewed: 3, skipped: 0 };
    expect(brokenThresholds(report, thresholds)).toEqual([
      { threshold: 'dataClassViolations>0', actual: 1 },
      { threshold: 'routeChanges>=20', actual: 20 },
      { threshold: 'skipped==0', actual: 0 },
    ]);
  });

  it('names a malformed threshold or an unknown field', () => {
    expect(() => parseFailOn('routeChanges>>2', REPLAY_NUMERIC_FIELDS)).toThrow(
      '--fail-on: malformed threshold "routeChanges>>2"',
    );
    expect(() => parseFailOn('routeChanges>2,', REPLAY_NUMERIC_FIELDS)).toThrow('malformed threshold ""');
    expect(() => parseFailOn('changes>2', REPLAY_NUMERIC_FIELDS)).toThrow(
      '"changes" in "changes>2" is not a numeric field',
    );
  });

  it('every listed field is a number in a report', () => {
    const report = replayRequests(RECORDS, active) as unknown as Record<string, unknown>;
    const numeric = Object.keys(report).filter((key) => typeof report[key] === 'number');
    expect([...REPLAY_NUMERIC_FIELDS].sort()).toEqual(numeric.sort());
  });
});
