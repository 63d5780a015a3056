import { describe, expect, it } from 'vitest';
import { ledgerWorkflowId } from '../../../src/policy/budget-period.js';
import { budgetsFor, isPerKeyScope, scopeKey } from '../../../src/policy/budget-scope.js';
import { quotaRefusal } from '../../../src/policy/quota-rules.js';
import { QuotaSchema, targetMatches } from '../../../src/policy/quota-schema.js';
import { recordSpend, spikeThresholdUsd, windowSpend } from '../../../src/policy/spike-rules.js';

const counts = (targetRequests: number, totalRequests: number, targetMicros = 0, totalMicros = 0) => ({
  targetRequests,
  totalRequests,
  targetMicros,
  totalMicros,
});

describe('quota rules', () => {
  it('a request share holds exactly: one more target only while (target + 1) ≤ share × total', () => {
    const limits = { measure: 'requests' as const, maxShare: 0.2 };
    expect(quotaRefusal(counts(0, 4), limits, 0)).toBe('0 of 4 requests (0 %), max 20 %');
    expect(quotaRefusal(counts(0, 5), limits, 0)).toBeNull();
    expect(quotaRefusal(counts(1, 9), limits, 0)).not.toBeNull();
    expect(quotaRefusal(counts(1, 10), limits, 0)).toBeNull();
    // Simulated sequential demand: every request wants the target; the share is reached within one request.
    let target = 0;
    for (let total = 1; total <= 1000; total += 1) {
      if (quotaRefusal(counts(target, total), limits, 0) === null) target += 1;
      expect(target).toBeLessThanOrEqual(0.2 * total);
      expect(target).toBeGreaterThan(0.2 * total - 1);
    }
  });

  it('maxShare 0 never grants; 1 always does; maxRequests caps the count', () => {
    expect(quotaRefusal(counts(0, 100), { measure: 'requests', maxShare: 0 }, 0)).not.toBeNull();
    expect(quotaRefusal(counts(99, 100), { measure: 'requests', maxShare: 1 }, 0)).toBeNull();
    expect(quotaRefusal(counts(2, 100), { measure: 'requests', maxRequests: 2 }, 0)).toBe(
      '2 requests this period, max 2',
    );
    expect(quotaRefusal(counts(1, 1), { measure: 'requests', maxRequests: 2 }, 0)).toBeNull();
  });

  it('a spend share counts the attempt on both sides, in integers', () => {
    const limits = { measure: 'spend' as const, maxShare: 0.5 };
    expect(quotaRefusal(counts(0, 0, 0, 0), limits, 100)).not.toBeNull(); // 100 / 100 > 0.5
    expect(quotaRefusal(counts(0, 0, 0, 100), limits, 100)).toBeNull(); // 100 / 200 = 0.5
    expect(quotaRefusal(counts(0, 0, 0, 99), limits, 100)).toContain('max 50 %');
  });
});

describe('quota schema', () => {
  it('needs a limit; spend needs a share; a time zone must exist', () => {
    const base = { name: 'q', target: { model: 'premium' } };
    expect(QuotaSchema.safeParse(base).success).toBe(false);
    expect(QuotaSchema.safeParse({ ...base, measure: 'spend', maxRequests: 3 }).success).toBe(false);
    expect(QuotaSchema.safeParse({ ...base, maxShare: 0.2, timezone: 'Mars/Olympus' }).success).toBe(false);
    const parsed = QuotaSchema.parse({ ...base, maxShare: 0.2 });
    expect(parsed).toMatchObject({ scope: 'all', measure: 'requests', period: 'day', onExceeded: 'cheaper' });
    expect(QuotaSchema.safeParse({ ...base, maxShare: 1.5 }).success).toBe(false);
  });

  it('targets match a model or any model of a provider', () => {
    expect(targetMatches({ model: 'premium' }, { model: 'premium', provider: 'a' })).toBe(true);
    expect(targetMatches({ provider: 'a' }, { model: 'x', provider: 'a' })).toBe(true);
    expect(targetMatches({ provider: 'a' }, { model: 'x', provider: 'b' })).toBe(false);
  });
});

describe('per-key scopes', () => {
  const facts = { route: 'faq', model: 'fast', provider: 'cloud', caller: 'svc-a', metadata: { team: 'support' } };

  it('a `*` scope keys each caller or metadata value; anonymous and missing values share a key', () => {
    expect(scopeKey({ caller: '*' }, facts)).toBe('svc-a');
    expect(scopeKey({ caller: '*' }, { ...facts, caller: null })).toBe('~anonymous');
    expect(scopeKey({ metadata: { team: '*' } }, facts)).toBe('support');
    expect(scopeKey({ metadata: { team: '*' } }, { ...facts, metadata: {} })).toBe('~none');
    expect(scopeKey({ route: 'faq' }, facts)).toBe('');
    expect(scopeKey({ route: 'other' }, facts)).toBeNull();
    expect(isPerKeyScope({ caller: '*' })).toBe(true);
    expect(isPerKeyScope({ caller: 'svc-a' })).toBe(false);
    const matched = budgetsFor([{ scope: { caller: '*' as const }, name: 'c' }], facts);
    expect(matched).toEqual([{ scope: { caller: '*' }, name: 'c', key: 'svc-a' }]);
  });

  it('a keyed ledger id never holds a second slash', () => {
    expect(ledgerWorkflowId('per-team', '2026-12-06', 'a/b c')).toBe('budget-per-team:a%2Fb%20c/2026-12-06');
    expect(ledgerWorkflowId('share', '2026-12', '', 'quota')).toBe('quota-share/2026-12');
  });
});

describe('spike rules', () => {
  it('sums committed spend over the window and forgets buckets past an hour', () => {
    const buckets = {};
    const t0 = Date.UTC(2026, 11, 6, 12, 0, 30);
    recordSpend(buckets, t0, 100);
    recordSpend(buckets, t0 + 60_000, 50);
    expect(windowSpend(buckets, t0 + 60_000, 1)).toBe(50);
    expect(windowSpend(buckets, t0 + 60_000, 2)).toBe(150);
    expect(windowSpend(buckets, t0 + 10 * 60_000, 5)).toBe(0);
    recordSpend(buckets, t0 + 61 * 60_000, 1);
    expect(Object.keys(buckets)).toHaveLength(1);
  });

  it('the threshold is factor × the pro-rata pace of the period', () => {
    const day = 86_400_000;
    expect(spikeThresholdUsd(24, day, { windowMinutes: 60, factor: 1 })).toBeCloseTo(1);
    expect(spikeThresholdUsd(24, day, { windowMinutes: 5, factor: 3 })).toBeCloseTo(0.25);
  });
});
