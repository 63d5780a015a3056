import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../../src/config/load-policy.js';
import { createSwitchyardMetrics } from '../../../src/metrics/switchyard-metrics.js';
import { latencySplit } from '../../../src/policy/latency-split.js';
import { summarizeResults } from '../../../src/report/live-report.js';
import { computeQuality } from '../../../src/report/quality-report.js';
import { renderQualitySection } from '../../../src/report/render-quality.js';
import { renderScorecard } from '../../../src/report/render-scorecard.js';
import type { GradeResult } from '../../../workflows/grade-types.js';
import { attempt, result } from './fixtures.js';

const grade = (route: string, policyVersion: string, score: number | null): GradeResult => ({
  routeWorkflowId: `route-${Math.random()}`,
  route,
  policyVersion,
  policyHash: 'h',
  model: 'fast',
  sampledAt: '2026-12-06T00:00:00Z',
  outcome: score === null ? 'expired' : 'graded',
  grade: score === null ? null : { reviewer: 'a@example.com', score, note: null, at: '2026-12-06T01:00:00Z' },
});

const POLICY = `
version: v2
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public] }
models:
  fast: { provider: fake, id: ok, contextTokens: 100000, price: { inputPer1M: 0, outputPer1M: 0 } }
routes:
  - { name: faq, primary: fast, quality: { floor: 0.8 } }
`;

const policy = {
  routes: [{ name: 'faq', quality: { floor: 0.8 } }, { name: 'billing', qualityFloor: 0.5 }, { name: 'other' }],
  defaults: {},
  review: { deadline: 3_600_000 },
};

describe('sampled quality in the report', () => {
  it('averages grades per route and policy version with sample sizes, and flags a route below its floor', () => {
    const rows = computeQuality(
      [
        grade('faq', 'v1', 0.9),
        grade('faq', 'v1', 0.6),
        grade('faq', 'v2', 0.9),
        grade('faq', 'v1', null),
        grade('billing', 'v1', 0.6),
      ],
      policy,
    );
    expect(rows).toEqual([
      { route: 'billing', policyVersion: 'v1', meanScore: 0.6, samples: 1, expired: 0, floor: 0.5, belowFloor: false },
      { route: 'faq', policyVersion: 'v1', meanScore: 0.75, samples: 2, expired: 1, floor: 0.8, belowFloor: true },
      { route: 'faq', policyVersion: 'v2', meanScore: 0.9, samples: 1, expired: 0, floor: 0.8, belowFloor: false },
    ]);
  });

  it('puts the quality column on route and version rows and a section listing routes below the floor', () => {
    const report = summarizeResults(
      [result({ route: 'faq', policyVersion: 'v1' }), result({ route: 'faq', policyVersion: 'v2' })],
      {
        since: new Date(0),
        generatedAt: new Date(0),
        running: 0,
        unfinished: {},
        truncated: false,
        policy: parsePolicyText(POLICY, '/virtual/q.yaml', 'q.yaml').policy,
        grades: { grades: [grade('faq', 'v1', 0.7), grade('faq', 'v2', 0.9)], pending: 3 },
      },
    );
    expect(report.byRoute[0]?.quality).toMatchObject({ meanScore: 0.8, samples: 2, belowFloor: false });
    const versions = report.byPolicyVersion.flatMap((version) => version.rows);
    expect(versions.map((row) => row.quality?.belowFloor)).toEqual([true, false]);
    const table = renderScorecard(versions, { policyVersion: true });
    expect(table).toContain('quality');
    expect(table).toContain('0.70 (n=1) BELOW FLOOR 0.8');
    const section = renderQualitySection(report);
    expect(section).toContain('faq @ v1: 0.70 (n=1) BELOW FLOOR 0.8; floor 0.8');
    expect(section).toContain('below floor: faq @ v1');
    expect(section).toContain('3 sampled answer(s) waiting for a grade');
    expect(renderQualitySection({ quality: [], gradesPending: 0 })).toBe('');
  });
});

describe('latency split in the report and metrics', () => {
  const reviewed = result({
    outcome: 'reviewed',
    route: 'billing',
    latencyMs: 96_000,
    attempts: [attempt({ latencyMs: 300 })],
    latency: latencySplit([attempt({ latencyMs: 300 })], undefined, 96_000, 95_500),
  });
  const quick = result({
    route: 'billing',
    latencyMs: 400,
    latency: latencySplit([attempt({ latencyMs: 350 })], attempt({ latencyMs: 350 }), 400, 0),
  });

  it("keeps review waits out of a route's p95 and shows them on their own", () => {
    const report = summarizeResults([reviewed, quick], {
      since: new Date(0),
      generatedAt: new Date(0),
      running: 0,
      unfinished: {},
      truncated: false,
    });
    const row = report.byRoute.find((candidate) => candidate.route === 'billing')!;
    expect(row).toMatchObject({ p95LatencyMs: 500, p95ModelLatencyMs: 350, reviewWaits: 1, p95ReviewWaitMs: 95_500 });
    expect(report.latency.billing?.max).toBe(500);
    const table = renderScorecard(report.byRoute);
    expect(table).toContain('review wait p95');
    expect(table).toContain('95500');
  });

  it('results from before the split count start to finish and the sum of their attempts', () => {
    const old = result({
      route: 'faq',
      latencyMs: 700,
      attempts: [attempt({ latencyMs: 200 }), attempt({ n: 2, latencyMs: 100 })],
    });
    const report = summarizeResults([old], {
      since: new Date(0),
      generatedAt: new Date(0),
      running: 0,
      unfinished: {},
      truncated: false,
    });
    expect(report.byRoute[0]).toMatchObject({
      p95LatencyMs: 700,
      p95ModelLatencyMs: 300,
      reviewWaits: 0,
      p95ReviewWaitMs: null,
    });
    expect(renderScorecard(report.byRoute)).not.toContain('review wait');
  });

  it('metrics: request duration without the review wait, model time and the review wait in their own histograms', async () => {
    const metrics = createSwitchyardMetrics();
    const summary = {
      route: 'billing',
      outcome: 'reviewed',
      model: null,
      dataClass: 'public',
      costUsd: 0,
      latencyMs: 96_000,
      latency: { modelMs: 300, answerModelMs: null, endToEndMs: 500, reviewWaitMs: 95_500 },
      attempts: [],
    };
    metrics.record(summary);
    const text = await metrics.registry.metrics();
    expect(text).toContain('switchyard_request_duration_seconds_sum{route="billing",outcome="reviewed"} 0.5');
    expect(text).toContain('switchyard_model_duration_seconds_sum{route="billing"} 0.3');
    expect(text).toContain('switchyard_review_wait_seconds_sum{route="billing"} 95.5');
  });
});
