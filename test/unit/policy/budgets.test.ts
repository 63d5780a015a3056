import { describe, expect, it } from 'vitest';
import { parsePolicyText, policyHash } from '../../../src/config/load-policy.js';
import { budgetPeriod, ledgerWorkflowId } from '../../../src/policy/budget-period.js';
import { alertsDue, grantReservation, refusalReason, toMicros } from '../../../src/policy/budget-rules.js';
import type { BudgetConfig } from '../../../src/policy/budget-schema.js';
import { budgetsFor, scopeLabel, scopeMatches } from '../../../src/policy/budget-scope.js';
import { decideRoute } from '../../../src/policy/decide-route.js';
import { cheaperStep, nextStep, startLadder } from '../../../src/policy/ladder.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';

const facts = { route: 'faq', model: 'fast', provider: 'cloud', caller: 'svc-a', metadata: { team: 'support' } };

describe('budget scope', () => {
  it('matches all, route, model, provider, caller and one metadata value', () => {
    expect(scopeMatches('all', facts)).toBe(true);
    expect(scopeMatches({ route: 'faq' }, facts)).toBe(true);
    expect(scopeMatches({ route: 'default' }, facts)).toBe(false);
    expect(scopeMatches({ model: 'fast' }, facts)).toBe(true);
    expect(scopeMatches({ provider: 'private' }, facts)).toBe(false);
    expect(scopeMatches({ caller: 'svc-a' }, facts)).toBe(true);
    expect(scopeMatches({ caller: 'svc-a' }, { ...facts, caller: null })).toBe(false);
    expect(scopeMatches({ metadata: { team: 'support' } }, facts)).toBe(true);
    expect(scopeMatches({ metadata: { team: 'sales' } }, facts)).toBe(false);
    expect(scopeLabel({ metadata: { team: 'support' } })).toBe('metadata.team=support');
  });

  it('lists the budgets that apply in policy order', () => {
    const base = {
      period: 'day',
      timezone: 'UTC',
      limitUsd: 1,
      onExhausted: 'degrade',
      alertAt: [] as number[],
    } as const;
    const budgets: BudgetConfig[] = [
      { ...base, name: 'a', scope: 'all' as const },
      { ...base, name: 'b', scope: { model: 'strong' } },
      { ...base, name: 'c', scope: { route: 'faq' } },
    ];
    expect(budgetsFor(budgets, facts).map((budget) => budget.name)).toEqual(['a', 'c']);
  });
});

describe('budget periods', () => {
  it('days, hours and months in UTC', () => {
    const now = Date.UTC(2026, 11, 6, 14, 30, 5, 123);
    expect(budgetPeriod('day', 'UTC', now)).toEqual({
      key: '2026-12-06',
      startMs: Date.UTC(2026, 11, 6),
      endMs: Date.UTC(2026, 11, 7),
    });
    expect(budgetPeriod('hour', 'UTC', now)).toEqual({
      key: '2026-12-06T14+00:00',
      startMs: Date.UTC(2026, 11, 6, 14),
      endMs: Date.UTC(2026, 11, 6, 15),
    });
    expect(budgetPeriod('month', 'UTC', now)).toEqual({
      key: '2026-12',
      startMs: Date.UTC(2026, 11, 1),
      endMs: Date.UTC(2027, 0, 1),
    });
    expect(ledgerWorkflowId('daily-total', '2026-12-06')).toBe('budget-daily-total/2026-12-06');
  });

  it('follows the time zone: the local date decides the day', () => {
    // 23:30 UTC on Dec 6 is already Dec 7 in Berlin (UTC+1) and still Dec 6 in New York (UTC−5).
    const now = Date.UTC(2026, 11, 6, 23, 30);
    const berlin = budgetPeriod('day', 'Europe/Berlin', now);
    expect(berlin.key).toBe('2026-12-07');
    expect(berlin.startMs).toBe(Date.UTC(2026, 11, 6, 23));
    expect(berlin.endMs).toBe(Date.UTC(2026, 11, 7, 23));
    const newYork = budgetPeriod('day', 'America/New_York', now);
    expect(newYork.key).toBe('2026-12-06');
    expect(newYork.endMs).toBe(Date.UTC(2026, 11, 7, 5));
    expect(budgetPeriod('hour', 'Asia/Kolkata', now).key).toBe('2026-12-07T05+05:30');
    expect(budgetPeriod('hour', 'Asia/Kolkata', now).startMs).toBe(Date.UTC(2026, 11, 6, 23, 30));
  });

  it('a DST day is 23 or 25 hours long; the repeated hour gets two keys', () => {
    // Europe/Berlin: clocks go forward on 2026-03-29 (02:00 → 03:00) and back on 2026-10-25 (03:00 → 02:00).
    const spring = budgetPeriod('day', 'Europe/Berlin', Date.UTC(2026, 2, 29, 12));
    expect(spring.key).toBe('2026-03-29');
    expect(spring.endMs - spring.startMs).toBe(23 * 3_600_000);
    const autumn = budgetPeriod('day', 'Europe/Berlin', Date.UTC(2026, 9, 25, 12));
    expect(autumn.endMs - autumn.startMs).toBe(25 * 3_600_000);
    const first = budgetPeriod('hour', 'Europe/Berlin', Date.UTC(2026, 9, 25, 0, 30));
    const second = budgetPeriod('hour', 'Europe/Berlin', Date.UTC(2026, 9, 25, 1, 30));
    expect(first.key).toBe('2026-10-25T02+02:00');
    expect(second.key).toBe('2026-10-25T02+01:00');
    expect(second.startMs).toBe(first.endMs);
    const month = budgetPeriod('month', 'America/New_York', Date.UTC(2026, 10, 15));
    expect(month).toEqual({ key: '2026-11', startMs: Date.UTC(2026, 10, 1, 4), endMs: Date.UTC(2026, 11, 1, 5) });
  });
});

describe('grant decision', () => {
  it('grants only when spent + reserved + amount ≤ limit, exactly', () => {
    const limitMicros = toMicros(5);
    expect(
      grantReservation({
        spentMicros: toMicros(4.9),
        reservedMicros: toMicros(0.05),
        amountMicros: toMicros(0.05),
        limitMicros,
      }),
    ).toBe(true);
    expect(
      grantReservation({
        spentMicros: toMicros(4.9),
        reservedMicros: toMicros(0.05),
        amountMicros: toMicros(0.050001),
        limitMicros,
      }),
    ).toBe(false);
    // 0.1 + 0.2 is not 0.3 in floating point; in micro-dollars it is.
    expect(
      grantReservation({
        spentMicros: toMicros(0.1),
        reservedMicros: toMicros(0.2),
        amountMicros: 0,
        limitMicros: toMicros(0.3),
      }),
    ).toBe(true);
    expect(toMicros(0.0000001)).toBe(1);
  });

  it('says why in the trail', () => {
    const reason = refusalReason('daily-total', {
      spentMicros: toMicros(4.98),
      reservedMicros: toMicros(0.01),
      amountMicros: toMicros(0.05),
      limitMicros: toMicros(5),
    });
    expect(reason).toBe('budget daily-total exhausted: spent $4.98 + reserved $0.01 + attempt $0.05 > $5');
  });
});

describe('alert thresholds', () => {
  it('each threshold once, when committed spend reaches it', () => {
    const limit = toMicros(10);
    expect(alertsDue(toMicros(4.99), limit, [0.5, 0.8, 1], [])).toEqual([]);
    expect(alertsDue(toMicros(5), limit, [0.5, 0.8, 1], [])).toEqual([0.5]);
    expect(alertsDue(toMicros(10), limit, [1, 0.5, 0.8], [0.5])).toEqual([0.8, 1]);
    expect(alertsDue(toMicros(12), limit, [0.5, 0.8, 1], [0.5, 0.8, 1])).toEqual([]);
  });
});

describe('budgets in a policy', () => {
  const withBudgets = (budgets: string) =>
    BASE_POLICY_YAML.replace(
      'review: { reviewers',
      `access: { metadataKeys: [team] }\nbudgets:\n${budgets}\nreview: { reviewers`,
    );

  it('parses with defaults (timezone UTC, onExhausted degrade); a policy without budgets keeps its hash', () => {
    const plain = parsePolicyText(BASE_POLICY_YAML, '/v/p.yaml').policy;
    expect('budgets' in plain).toBe(false);
    expect(policyHash(plain)).toBe(policyHash(parsePolicyText(BASE_POLICY_YAML, '/v/p.yaml').policy));
    const policy = parsePolicyText(
      withBudgets('  - { name: daily-total, scope: all, period: day, limitUsd: 5, alertAt: [0.5, 0.8, 1.0] }'),
      '/v/p.yaml',
    ).policy;
    expect(policy.budgets?.[0]).toMatchObject({ timezone: 'UTC', onExhausted: 'degrade', limitUsd: 5 });
  });

  it('reports unknown references and undeclared metadata keys with a position', () => {
    const text = withBudgets(
      [
        '  - { name: a, scope: { route: nope }, period: day, limitUsd: 1 }',
        '  - { name: a, scope: { metadata: { tenant: x } }, period: day, limitUsd: 1 }',
        '  - { name: c, scope: { model: ghost }, period: week, limitUsd: 1, timezone: Mars/Olympus }',
      ].join('\n'),
    );
    const error = (() => {
      try {
        parsePolicyText(text, '/v/p.yaml', 'p.yaml');
      } catch (caught) {
        return String(caught);
      }
      return '';
    })();
    expect(error).toMatch(/p\.yaml:\d+:\d+/);
    expect(error).toContain('IANA');
    expect(error).toMatch(/period|hour/);
  });

  it('cross-references: unknown route, duplicate name, undeclared metadata key', () => {
    const text = withBudgets(
      [
        '  - { name: a, scope: { route: nope }, period: day, limitUsd: 1 }',
        '  - { name: a, scope: { metadata: { tenant: x } }, period: day, limitUsd: 1 }',
      ].join('\n'),
    );
    let message = '';
    try {
      parsePolicyText(text, '/v/p.yaml', 'p.yaml');
    } catch (caught) {
      message = String(caught);
    }
    expect(message).toContain('unknown route "nope"');
    expect(message).toContain('duplicate budget name "a"');
    expect(message).toContain('metadata key "tenant" is not declared in access.metadataKeys');
    expect(message).toMatch(/p\.yaml:\d+:\d+/);
  });
});

describe('onExhausted cheaper', () => {
  const policy = testPolicy();
  const decision = decideRoute(
    policy,
    { messages: [{ role: 'user', content: 'x' }] },
    { classification: classification({ intent: 'unknown' }), dataClass: 'public', metadata: {} },
  );
  if (decision.kind !== 'plan') throw new Error('no plan');
  const plan = decision.plan; // default route: strong → fast → local

  it('every call step carries its worst case; cheaper picks the next candidate that costs less', () => {
    const state = startLadder(plan, 0);
    const first = nextStep(state, policy, 0);
    if (first.kind !== 'call') throw new Error('expected a call');
    expect(first.candidate.model).toBe('strong');
    expect(first.worstCaseUsd).toBeGreaterThan(0);
    const cheaper = cheaperStep(state, policy, 0, first.candidateIndex, first.worstCaseUsd, 'budget b exhausted');
    expect(cheaper).toMatchObject({ kind: 'call', role: 'fallback', candidate: { model: 'fast' } });
    if (cheaper?.kind !== 'call') throw new Error('expected a call');
    expect(cheaper.worstCaseUsd).toBeLessThan(first.worstCaseUsd);
    expect(cheaper.reason).toBe('budget b exhausted: try cheaper fast');
    // Nothing costs less than the free local model.
    const local = plan.candidates.findIndex((candidate) => candidate.model === 'local');
    expect(cheaperStep(state, policy, 0, local, 0, 'x')).toBeNull();
    // Candidates not cheaper than what was refused are passed over.
    expect(cheaperStep(state, policy, 0, first.candidateIndex, cheaper.worstCaseUsd, 'x')).toMatchObject({
      candidate: { model: 'local' },
    });
  });
});

describe('bench policy', () => {
  it('has one route-scoped budget, on the route the budgeted bench lane takes', async () => {
    const { benchPolicy } = await import('../../../src/bench/bench-policy.js');
    const { policy } = benchPolicy();
    expect(policy.budgets?.map((budget) => budget.scope)).toEqual([{ route: 'budgeted' }]);
    expect(policy.routes.map((route) => route.name)).toEqual(['budgeted', 'attempts-3', 'attempts-6', 'ok']);
  });
});
