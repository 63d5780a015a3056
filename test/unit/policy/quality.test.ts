import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../../src/config/load-policy.js';
import { type GradeContext, gradeDecisionProblem, signGradeDecision } from '../../../src/policy/grade-decision.js';
import { GradeDecisionSchema } from '../../../src/policy/grade-schema.js';
import { interimPlan } from '../../../src/policy/interim.js';
import { gradedWorkflowId, gradeWorkflowId, inGradingSample, routeQuality } from '../../../src/policy/quality.js';
import { credentialPublicKey } from '../../../src/policy/signatures.js';

const POLICY = `
version: quality-unit-1
defaults:
  quality: { samplePercent: 5, floor: 0.7 }
  interim: { afterMs: 1500, message: "I need a bit more time to answer properly." }
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public] }
models:
  ok: { provider: fake, id: ok, contextTokens: 100000, price: { inputPer1M: 0, outputPer1M: 0 } }
review: { reviewers: [alice@example.com], deadline: 2h }
routes:
  - { name: own, primary: ok, quality: { samplePercent: 10, floor: 0.8, gradeDeadline: 7d } }
  - { name: alias, primary: ok, qualityFloor: 0.9, interim: { afterMs: 500, message: "Still working.", webhook: { url: "http://127.0.0.1:9/hook" } } }
  - { name: both, primary: ok, quality: { floor: 0.6 }, qualityFloor: 0.95 }
  - { name: plain, primary: ok }
`;

const policy = () => parsePolicyText(POLICY, '/virtual/q.yaml', 'q.yaml').policy;

describe('sampled quality settings (quality, qualityFloor)', () => {
  it('merges a route over defaults key by key; qualityFloor is an alias that quality.floor overrides', () => {
    const loaded = policy();
    expect(routeQuality(loaded, 'own')).toEqual({ samplePercent: 10, floor: 0.8, gradeDeadlineMs: 7 * 86_400_000 });
    expect(routeQuality(loaded, 'alias')).toEqual({ samplePercent: 5, floor: 0.9, gradeDeadlineMs: 2 * 3_600_000 });
    expect(routeQuality(loaded, 'both').floor).toBe(0.6);
    expect(routeQuality(loaded, 'plain')).toEqual({ samplePercent: 5, floor: 0.7, gradeDeadlineMs: 2 * 3_600_000 });
  });

  it('names the field of an invalid setting', () => {
    const bad = POLICY.replace('samplePercent: 10', 'samplePercent: 120');
    expect(() => parsePolicyText(bad, '/virtual/q.yaml', 'q.yaml')).toThrow(/quality\.samplePercent/);
    const badFloor = POLICY.replace('qualityFloor: 0.9', 'qualityFloor: 1.5');
    expect(() => parsePolicyText(badFloor, '/virtual/q.yaml', 'q.yaml')).toThrow(/qualityFloor/);
    const badInterim = POLICY.replace('afterMs: 500', 'afterMs: -1');
    expect(() => parsePolicyText(badInterim, '/virtual/q.yaml', 'q.yaml')).toThrow(/interim\.afterMs/);
  });

  it('a 10 % grading sample within sampling error over 500 requests', () => {
    const ids = Array.from({ length: 500 }, (_, index) => `route-req-${index}`);
    const sampled = ids.filter((id) => inGradingSample(id, 10)).length;
    // Binomial(500, 0.1): mean 50, standard deviation √45 ≈ 6.7; three deviations either side.
    expect(sampled).toBeGreaterThanOrEqual(30);
    expect(sampled).toBeLessThanOrEqual(70);
    // Caller-scoped ids (`route-<caller>/<id>`) sample the same way.
    const scoped = Array.from({ length: 500 }, (_, index) => `route-acme/${index.toString(16).padStart(8, '0')}`);
    const share = scoped.filter((id) => inGradingSample(id, 10)).length;
    expect(share).toBeGreaterThanOrEqual(30);
    expect(share).toBeLessThanOrEqual(70);
  });

  it('decides the same way every time (replay-safe), none at 0 %, all at 100 %', () => {
    const ids = Array.from({ length: 200 }, (_, index) => `route-${index}`);
    expect(ids.map((id) => inGradingSample(id, 25))).toEqual(ids.map((id) => inGradingSample(id, 25)));
    expect(ids.filter((id) => inGradingSample(id, 0))).toEqual([]);
    expect(ids.filter((id) => inGradingSample(id, 100))).toEqual(ids);
    // A larger share keeps every id a smaller one took.
    expect(ids.filter((id) => inGradingSample(id, 10) && !inGradingSample(id, 30))).toEqual([]);
    expect(gradedWorkflowId(gradeWorkflowId('route-x'))).toBe('route-x');
    expect(gradedWorkflowId('route-x')).toBe('route-x');
  });
});

describe('interim plan', () => {
  it('streams to a streaming client, uses the webhook otherwise, and has no channel without one', () => {
    const loaded = policy();
    expect(interimPlan(loaded, 'plain', true)).toMatchObject({ afterMs: 1500, channel: 'stream' });
    expect(interimPlan(loaded, 'plain', false)).toBeNull();
    expect(interimPlan(loaded, 'alias', false)).toMatchObject({
      afterMs: 500,
      message: 'Still working.',
      channel: 'webhook',
      webhook: { url: 'http://127.0.0.1:9/hook' },
    });
    const none = { ...loaded, defaults: { ...loaded.defaults, interim: undefined } };
    expect(interimPlan(none, 'plain', true)).toBeNull();
  });
});

const ALICE = 'alice-token-0123456789abcdef';
const MALLORY = 'mallory-token-0123456789abcdef';
const ROUTE_ID = 'route-graded-1';

describe('gradeDecisionProblem', () => {
  const context: GradeContext = {
    routeWorkflowId: ROUTE_ID,
    reviewers: ['Alice@Example.com'],
    reviewerKeys: { 'alice@example.com': credentialPublicKey(ALICE) },
    pending: true,
  };
  const grade = (score: number, token = ALICE, reviewer = 'alice@example.com') =>
    signGradeDecision(token, ROUTE_ID, { reviewer, decision: 'grade', score });

  it('accepts a grade signed by an allow-listed reviewer for this request', () => {
    expect(gradeDecisionProblem(grade(0.8), context)).toBeNull();
    expect(GradeDecisionSchema.safeParse(grade(0.8)).success).toBe(true);
  });

  it('refuses a forged grade (another token, another request, a changed score)', () => {
    expect(gradeDecisionProblem(grade(0.8, MALLORY), context)).toMatch(/^signature: not valid/);
    const elsewhere = signGradeDecision(ALICE, 'route-other', {
      reviewer: 'alice@example.com',
      decision: 'grade',
      score: 1,
    });
    expect(gradeDecisionProblem(elsewhere, context)).toMatch(/^signature: not valid/);
    expect(gradeDecisionProblem({ ...grade(0.2), score: 1 }, context)).toMatch(/^signature: not valid/);
  });

  it('refuses an unsigned grade and one from a reviewer off the allow-list', () => {
    const { signature: _signature, ...unsigned } = grade(0.8);
    expect(gradeDecisionProblem(unsigned, context)).toMatch(/^signature: required/);
    expect(gradeDecisionProblem(grade(0.8, MALLORY, 'mallory@example.com'), context)).toMatch(/allow-list/);
  });

  it('refuses a score out of range, even correctly signed', () => {
    expect(gradeDecisionProblem(grade(1.5), context)).toBe('score: must be a number from 0 to 1');
    expect(gradeDecisionProblem(grade(-0.1), context)).toBe('score: must be a number from 0 to 1');
    expect(gradeDecisionProblem({ ...grade(0.5), score: '0.5' }, context)).toBe('score: must be a number from 0 to 1');
    expect(GradeDecisionSchema.safeParse(grade(1.5)).success).toBe(false);
  });

  it('refuses a second grade, unknown fields and oversized values', () => {
    expect(gradeDecisionProblem(grade(0.8), { ...context, pending: false })).toMatch(/^no grade is pending/);
    expect(gradeDecisionProblem({ ...grade(0.8), extra: 1 }, context)).toMatch(/unknown field/);
    expect(gradeDecisionProblem({ ...grade(0.8), note: 'x'.repeat(2001) }, context)).toMatch(/^note: too long/);
  });
});
