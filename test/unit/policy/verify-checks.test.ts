import { describe, expect, it } from 'vitest';
import { decideRoute, type RoutePlan } from '../../../src/policy/decide-route.js';
import { type LadderStep, nextStep, recordAttempt, startLadder } from '../../../src/policy/ladder.js';
import type { AttemptRecord } from '../../../src/policy/types.js';
import {
  answerFactsRequest,
  checkAnswer,
  logprobVerdict,
  policyVerdict,
  verifierForPlan,
  verifiesModel,
} from '../../../src/policy/verify-checks.js';
import { verifyOutcome } from '../../../src/policy/verify-escalation.js';
import { judgeCall, judgeMessages, judgeVerdict, parseJudgeScore } from '../../../src/policy/verify-judge.js';
import { VerifySchema } from '../../../src/policy/verify-schema.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';

const VERIFIED_YAML = BASE_POLICY_YAML.replace(
  '    fallbacks: [strong, local]\n',
  '    fallbacks: [strong, local]\n    verify: { checks: [{ kind: judge, model: local, minScore: 0.7 }] }\n',
);
const policy = testPolicy(VERIFIED_YAML);
const T0 = 1_000_000;
const judge = { kind: 'judge' as const, model: 'local', minScore: 0.7 };

function faqPlan(): RoutePlan {
  const decision = decideRoute(
    policy,
    { messages: [{ role: 'user', content: 'where is my order?' }] },
    { classification: classification(), dataClass: 'public', metadata: {} },
  );
  if (decision.kind !== 'plan') throw new Error('no plan');
  return decision.plan;
}

/** The ladder after the cheap primary answered. */
function afterCheapAnswer(plan = faqPlan()) {
  const state = startLadder(plan, T0);
  const step = nextStep(state, policy, T0) as Extract<LadderStep, { kind: 'call' }>;
  const answer: AttemptRecord = {
    n: 1,
    model: step.candidate.model,
    provider: step.candidate.provider,
    role: 'primary',
    ok: true,
    errorKind: null,
    errorType: null,
    message: null,
    status: null,
    retryAfterMs: null,
    formatFailure: false,
    latencyMs: 10,
    inputTokens: 10,
    outputTokens: 10,
    costUsd: 0.00001,
  };
  return recordAttempt(state, step, answer);
}

describe('verifier checks', () => {
  it('json-schema: the verdict of the format the attempt measured; skipped when not measured', () => {
    const check = { kind: 'json-schema' as const, schema: { type: 'object', required: ['answer'] } };
    const facts = { text: 'plain words', meanLogprob: null };
    expect(checkAnswer(check, { ...facts, formatProblem: 'answer is not valid JSON' })).toEqual({
      outcome: 'fail',
      reason: 'answer is not valid JSON',
    });
    expect(checkAnswer(check, { ...facts, formatProblem: null })).toEqual({
      outcome: 'pass',
      reason: 'JSON matches the schema',
    });
    expect(checkAnswer(check, facts).outcome).toBe('skip');
  });

  it('asks the attempt of a verified model to measure the JSON format and logprobs, and no other', () => {
    const plan = faqPlan();
    const schema = { type: 'object' };
    const verify = {
      checks: [
        { kind: 'json-schema' as const, schema },
        { kind: 'min-logprob' as const, threshold: -1 },
      ],
    };
    expect(answerFactsRequest(verify, plan, 'fast')).toEqual({ format: { type: 'json', schema }, logprobs: true });
    expect(answerFactsRequest({ checks: [judge] }, plan, 'fast')).toBeNull();
    expect(answerFactsRequest(verify, plan, 'local')).toBeNull();
  });

  it('min-logprob: passes at the threshold, fails below, skips without logprobs', () => {
    expect(logprobVerdict(-1.2, -1.2).outcome).toBe('pass');
    expect(logprobVerdict(-1.5, -1.2)).toEqual({ outcome: 'fail', reason: 'mean logprob -1.5 < -1.2' });
    expect(logprobVerdict(null, -1.2)).toEqual({
      outcome: 'skip',
      reason: 'min-logprob skipped: the provider gave no logprobs',
    });
  });

  it('policy: maxChars, mustNotMatch, mustMatch (RE2, case-insensitive)', () => {
    const check = { kind: 'policy' as const, maxChars: 40, mustNotMatch: ['as an ai'], mustMatch: ['\\border\\b'] };
    expect(policyVerdict('Your order ships today.', check).outcome).toBe('pass');
    expect(policyVerdict('x'.repeat(41), check).reason).toBe('answer has 41 characters > maxChars 40');
    expect(policyVerdict('As an AI, your order is fine', check).reason).toBe('answer matches mustNotMatch[0]');
    expect(policyVerdict('It ships today.', check).reason).toBe('answer misses mustMatch[0]');
  });

  it('judge: parses a score 0..1 and compares it with minScore', () => {
    expect(parseJudgeScore('{"score": 0.4}')).toBe(0.4);
    expect(parseJudgeScore('Score: 1')).toBe(1);
    expect(parseJudgeScore('0.85')).toBe(0.85);
    expect(parseJudgeScore('{"score": 7}')).toBeNull();
    expect(parseJudgeScore('looks fine')).toBeNull();
    expect(judgeVerdict(judge, '{"score": 0.4}', 'fast')).toEqual({
      outcome: 'fail',
      reason: 'judge score 0.4 < 0.7 (fast)',
    });
    expect(judgeVerdict(judge, '{"score": 0.7}', 'fast').outcome).toBe('pass');
    expect(judgeVerdict(judge, 'no idea', 'fast').outcome).toBe('fail');
  });

  it('judge prompt: rubric first, conversation and answer after, no system turns of the request', () => {
    const messages = judgeMessages(
      { ...judge, rubric: 'cites the order number' },
      [
        { role: 'system', content: 'SECRET SYSTEM' },
        { role: 'user', content: 'where is order 7?' },
      ],
      'It ships today.',
    );
    expect(messages[0]!.content).toContain('cites the order number');
    expect(messages[1]!.content).toContain('user: where is order 7?');
    expect(messages[1]!.content).toContain('Answer to grade:\nIt ships today.');
    expect(messages[1]!.content).not.toContain('SECRET SYSTEM');
  });

  it('judge call: skipped when its provider may not see the data class or the cost cap has no room', () => {
    const state = afterCheapAnswer();
    const cloudJudge = { kind: 'judge' as const, model: 'strong' };
    const request = { dataClass: 'restricted' as const, conversation: [], answer: 'x' };
    expect(judgeCall(policy, state, T0, cloudJudge, request)).toEqual({
      kind: 'skip',
      verdict: { outcome: 'skip', reason: 'judge strong may not see restricted data' },
    });
    const capped = { ...state, plan: { ...state.plan, maxCostUsd: 0.00001 } };
    const call = judgeCall(policy, capped, T0, cloudJudge, { ...request, dataClass: 'public' });
    expect(call.kind).toBe('skip');
    const ok = judgeCall(policy, state, T0, judge, request);
    expect(ok.kind).toBe('call');
  });

  it('verifies every candidate but the last by default, or the onlyFor models', () => {
    const plan = faqPlan();
    const verify = { checks: [judge] };
    expect(plan.candidates.map((candidate) => candidate.model)).toEqual(['fast', 'strong', 'local']);
    expect(verifiesModel(verify, plan, 'fast')).toBe(true);
    expect(verifiesModel(verify, plan, 'strong')).toBe(true);
    expect(verifiesModel(verify, plan, 'local')).toBe(false);
    expect(verifiesModel({ ...verify, onlyFor: ['fast'] }, plan, 'strong')).toBe(false);
    // Nothing stronger to escalate to: the escalateTo model and the route's strong-gain model.
    expect(verifierForPlan({ ...verify, escalateTo: 'strong' }, plan, null).onlyFor).toEqual(['fast']);
    expect(verifierForPlan(verify, plan, 'strong').onlyFor).toEqual(['fast']);
    expect(verifierForPlan(verify, plan, null).onlyFor).toEqual(['fast', 'strong']);
  });
});

describe('verify outcome', () => {
  const verify = { checks: [judge] };

  it('passing (and skipped) checks accept, with every reason in the trail', () => {
    const outcome = verifyOutcome(afterCheapAnswer(), policy, T0, verify, [
      { outcome: 'skip', reason: 'min-logprob skipped: the provider gave no logprobs' },
      { outcome: 'pass', reason: 'judge score 0.9 ≥ 0.7 (fast)' },
    ]);
    expect(outcome.kind).toBe('accept');
    expect(outcome.entry).toMatchObject({
      step: 'verify',
      outcome: 'accept',
      reason: 'min-logprob skipped: the provider gave no logprobs; judge score 0.9 ≥ 0.7 (fast)',
    });
  });

  it('a failure escalates to the next candidate, or to escalateTo', () => {
    const failed = [{ outcome: 'fail' as const, reason: 'judge score 0.4 < 0.7 (fast)' }];
    const next = verifyOutcome(afterCheapAnswer(), policy, T0, verify, failed);
    expect(next.kind).toBe('escalate');
    if (next.kind !== 'escalate' || next.step.kind !== 'call') throw new Error('no escalation');
    expect(next.step.candidate.model).toBe('strong');
    expect(next.step.role).toBe('fallback');
    expect(next.entry).toMatchObject({ step: 'verify', outcome: 'escalate', reason: 'judge score 0.4 < 0.7 (fast)' });
    const to = verifyOutcome(afterCheapAnswer(), policy, T0, { ...verify, escalateTo: 'local' }, failed);
    if (to.kind !== 'escalate' || to.step.kind !== 'call') throw new Error('no escalation');
    expect(to.step.candidate.model).toBe('local');
  });

  it('with no candidate left the answer stands, marked unverified', () => {
    const failed = [{ outcome: 'fail' as const, reason: 'answer is not valid JSON' }];
    const state = afterCheapAnswer();
    const last = { ...state, candidateIndex: state.plan.candidates.length - 1 };
    const outcome = verifyOutcome(last, policy, T0, verify, failed);
    expect(outcome.kind).toBe('accept');
    expect(outcome.entry.outcome).toBe('unverified');
    expect(outcome.entry.reason).toContain('answer is not valid JSON; no stronger candidate may take it');
  });
});

describe('verify schema', () => {
  it('parses the documented shape and rejects bad patterns, positive thresholds and unknown models', () => {
    expect(VerifySchema.safeParse({ checks: [{ kind: 'min-logprob', threshold: -1.2 }] }).success).toBe(true);
    expect(VerifySchema.safeParse({ checks: [{ kind: 'min-logprob', threshold: 0.5 }] }).success).toBe(false);
    expect(VerifySchema.safeParse({ checks: [{ kind: 'policy', mustNotMatch: ['(a+)+$'] }] }).success).toBe(false);
    expect(VerifySchema.safeParse({ checks: [] }).success).toBe(false);
    expect(() => testPolicy(VERIFIED_YAML.replace('kind: judge, model: local', 'kind: judge, model: nowhere'))).toThrow(
      /unknown model "nowhere"/,
    );
    expect(() => testPolicy(VERIFIED_YAML.replace('minScore: 0.7 }]', 'minScore: 0.7 }], escalateTo: fast2'))).toThrow(
      /not a model of route/,
    );
  });

  it('a policy without verify hashes as before', () => {
    expect(testPolicy().routes.every((route) => !('verify' in route))).toBe(true);
  });
});
