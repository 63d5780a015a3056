import { describe, expect, it } from 'vitest';
import { summarizeResults } from '../../../src/report/live-report.js';
import { parseSince } from '../../../src/report/parse-since.js';
import { renderScorecard } from '../../../src/report/render-scorecard.js';
import { computeScorecard, computeVersionScorecards } from '../../../src/report/scorecard.js';
import { attempt, result } from './fixtures.js';

const results = [
  result({ latencyMs: 100 }),
  result({
    latencyMs: 300,
    costUsd: 0.003,
    attempts: [
      attempt({ ok: false, errorType: 'FirstTokenTimeout', errorKind: 'transient' }),
      attempt({ n: 2, role: 'retry', ok: false, errorType: 'Overloaded', errorKind: 'transient' }),
      attempt({ n: 3, role: 'fallback', model: 'strong', provider: 'cloud-strong' }),
    ],
  }),
  result({ outcome: 'degraded', answer: 'sorry', model: null, route: 'billing', latencyMs: 50, costUsd: 0 }),
  result({
    outcome: 'reviewed',
    route: 'billing',
    policyVersion: 'v2',
    attempts: [attempt({ role: 'draft' }), attempt({ n: 2, role: 'reviewer-reroute', formatFailure: true })],
    review: {
      reviewer: 'a@example.com',
      decision: 'reroute-to-model',
      model: 'fast',
      signature: '',
      at: '2026-01-01T00:00:00Z',
    },
  }),
];

describe('computeScorecard', () => {
  it('scores each route and the total, with reroute and format rates', () => {
    const rows = computeScorecard(results);
    expect(rows.map((row) => row.route)).toEqual(['billing', 'faq', 'all']);
    const faq = rows.find((row) => row.route === 'faq')!;
    expect(faq).toMatchObject({ requests: 2, successRate: 1, retryRate: 0.5, fallbackRate: 0.5, timeoutRate: 0.5 });
    expect(faq.attemptsPerRequest).toBe(2);
    expect(faq.costPerSuccessUsd).toBeCloseTo(0.002);
    expect(faq.providerShare).toEqual({ 'cloud-fast': 0.75, 'cloud-strong': 0.25 });
    const billing = rows.find((row) => row.route === 'billing')!;
    expect(billing).toMatchObject({ degradeRate: 0.5, reviewRate: 0.5, rerouteRate: 0.5, formatFailureRate: 0.5 });
  });

  it('accepts another success definition and grouping', () => {
    const rows = computeScorecard(results, {
      success: (item) => item.model === 'fast' && item.outcome === 'answered',
      groupBy: (item) => item.policyVersion ?? '',
    });
    expect(rows.find((row) => row.route === 'v1')?.successRate).toBeCloseTo(2 / 3);
  });

  it('splits by policy version', () => {
    const versions = computeVersionScorecards(results);
    expect(versions.map((version) => version.policyVersion)).toEqual(['v1', 'v2']);
    expect(versions[1]?.rows).toEqual([
      expect.objectContaining({ route: 'billing', policyVersion: 'v2', requests: 1 }),
    ]);
  });

  it('renders the table with the optional columns', () => {
    const text = renderScorecard(computeVersionScorecards(results)[0]!.rows, { policyVersion: true, extended: true });
    expect(text).toContain('policy');
    expect(text).toContain('reroute');
    expect(text).toContain('v1');
  });
});

describe('live report', () => {
  it('summarizes latency and outcomes per route', () => {
    const report = summarizeResults(results, {
      since: new Date('2026-01-01T00:00:00Z'),
      generatedAt: new Date('2026-01-02T00:00:00Z'),
      running: 1,
      unfinished: { FAILED: 2 },
      truncated: false,
    });
    expect(report).toMatchObject({ requests: 4, running: 1, since: '2026-01-01T00:00:00.000Z' });
    expect(report.outcomes.billing).toEqual({ answered: 0, reviewed: 1, degraded: 1, rejected: 0 });
    expect(report.latency.faq).toMatchObject({ min: 100, p50: 100, max: 300 });
    expect(report.latency.all?.max).toBe(300);
  });

  it('parses --since as a duration or an ISO time, naming the option on errors', () => {
    const now = new Date('2026-01-02T00:00:00Z');
    expect(parseSince('24h', now).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseSince('2025-12-31T12:00:00Z', now).toISOString()).toBe('2025-12-31T12:00:00.000Z');
    expect(() => parseSince('yesterday', now)).toThrow(/--since/);
  });
});
