import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { type BudgetConfig, PolicySchema } from '../../../src/policy/schema.js';
import { budgetCaps } from '../../../src/report/budget-caps.js';
import { summarizeResults } from '../../../src/report/live-report.js';
import { renderReportHtml } from '../../../src/report/render-html.js';
import { renderVisibilitySections } from '../../../src/report/render-visibility.js';
import { attempt, result } from './fixtures.js';

const NOW = Date.parse('2026-12-06T06:20:00Z');

const budget = (name: string): BudgetConfig => ({
  name,
  scope: 'all',
  period: 'day',
  timezone: 'UTC',
  limitUsd: 2,
  onExhausted: 'degrade',
  alertAt: [],
});

/** A client whose ledger `budget-broken/…` fails to answer and whose other ledgers report spend. */
const fakeClient = {
  withDeadline: (_deadline: number, call: () => Promise<unknown>) => call(),
  workflow: {
    getHandle: (ledger: string) => ({
      query: async () => {
        if (ledger.startsWith('budget-broken/')) throw new Error('no worker polls the ledger task queue');
        return { spentUsd: 0.5, reservedUsd: 0.1, limitUsd: 2, openReservations: 1, alertsSent: [] };
      },
    }),
  },
} as unknown as Client;

const policy = PolicySchema.parse({
  version: 'drill-1',
  providers: {
    a: { kind: 'anthropic', dataClasses: ['public'] },
    b: { kind: 'anthropic', dataClasses: ['public'] },
    c: { kind: 'anthropic', dataClasses: ['public'] },
  },
  models: {
    one: { provider: 'a', id: 'one', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 1 } },
    two: { provider: 'b', id: 'two', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 1 } },
    three: { provider: 'c', id: 'three', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 1 } },
  },
  routes: [{ name: 'default', primary: 'one', fallbacks: ['two', 'three'] }],
});

describe('budgetCaps', () => {
  it('reads each ledger and turns a failed query into an error row', async () => {
    const rows = await budgetCaps(fakeClient, [budget('support'), budget('broken')], NOW);
    expect(rows).toEqual([
      {
        name: 'support',
        period: 'day',
        periodEnd: '2026-12-07T00:00:00.000Z',
        spentUsd: 0.5,
        reservedUsd: 0.1,
        limitUsd: 2,
      },
      {
        name: 'broken',
        period: 'day',
        periodEnd: '2026-12-07T00:00:00.000Z',
        spentUsd: null,
        reservedUsd: null,
        limitUsd: 2,
        error: 'ledger query failed: no worker polls the ledger task queue',
      },
    ]);
  });
});

describe('report visibility sections', () => {
  const results = [
    result({
      model: 'two',
      attempts: [
        attempt({ model: 'one', provider: 'a', ok: false, errorKind: 'transient', errorType: 'Overloaded' }),
        attempt({ n: 2, role: 'fallback', model: 'two', provider: 'b' }),
      ],
    }),
  ];
  const meta = { since: new Date(0), generatedAt: new Date(NOW), running: 0, unfinished: {}, truncated: false };

  it('renders concentration, readiness (never exercised included) and a budget error in text and HTML', async () => {
    const budgets = await budgetCaps(fakeClient, [budget('support'), budget('broken')], NOW);
    const closeTimes = new Map([[results[0]!, '2026-12-06T06:10:00.000Z']]);
    const report = summarizeResults(results, { ...meta, closeTimes, policy, budgets });
    expect(report.activePolicyVersion).toBe('drill-1');
    expect(report.failoverReadiness.map((row) => [row.from, row.to, row.exercised])).toEqual([
      ['a', 'b', 1],
      ['a', 'c', 0],
      ['b', 'c', 0],
    ]);
    const text = renderVisibilitySections(report);
    expect(text).toMatch(/│ a +│ b +│ 1 +│ 1 +│ 100% +│ 2026-12-06T06:10:00.000Z │/);
    expect(text).toMatch(/│ a +│ c +│ 0 +│ 0 +│ - +│ never exercised +│/);
    expect(text).toContain('error: ledger query failed: no worker polls the ledger task queue');
    expect(text).toMatch(/│ support +│ day +│ \$0\.500000 +│ \$0\.100000 +│ \$2\.000000 +│ 25% +│/);
    const html = renderReportHtml(report);
    expect(html).toContain('<h2>Failover readiness</h2>');
    expect(html).toContain('<td>never exercised</td>');
    expect(html).toContain('ledger query failed');
    // per route, per version, providers, failover, budgets; segments, routing errors, ladder rungs, never fired (route "default")
    expect(html.match(/<table>/g)).toHaveLength(9);
  });

  it('says what is missing without a policy or attempts', () => {
    const report = summarizeResults([], meta);
    expect(report).toMatchObject({ providerConcentration: [], failoverReadiness: [], budgets: [] });
    expect(report.activePolicyVersion).toBeNull();
    expect(renderVisibilitySections(report)).toContain('(no policy found: pass --policy)');
    expect(renderReportHtml(report)).toContain('No policy was found.');
  });
});
