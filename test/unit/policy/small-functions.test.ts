import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseDurationMs } from '../../../src/policy/duration.js';
import { legacyRequestProblems } from '../../../src/policy/legacy-request-rules.js';
import { policyRequestProblems } from '../../../src/policy/policy-request-problems.js';
import { firstIssue, RouteRequestSchema } from '../../../src/policy/request-schema.js';
import { reviewDecisionProblem } from '../../../src/policy/review-decision.js';
import { estimateTokens } from '../../../src/policy/token-estimate.js';
import { testPolicy } from '../../support/policies.js';

describe('durations', () => {
  it('parses numbers and unit strings', () => {
    expect(parseDurationMs(1500)).toBe(1500);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('4h')).toBe(14_400_000);
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('soon')).toBeUndefined();
    expect(parseDurationMs('4 h')).toBeUndefined();
  });
  it('formats for people', () => {
    expect(formatDurationMs(850)).toBe('850ms');
    expect(formatDurationMs(4000)).toBe('4s');
    expect(formatDurationMs(150_000)).toBe('2m30s');
    expect(formatDurationMs(14_400_000)).toBe('4h');
  });
});

describe('token estimate', () => {
  it('counts about one token per English word plus punctuation', () => {
    expect(estimateTokens('Where is my order?')).toBe(5);
    expect(estimateTokens('')).toBe(0);
  });
  it('groups digits by three, like o200k', () => {
    expect(estimateTokens('123456789')).toBe(3);
  });
});

describe('review decisions', () => {
  const policy = testPolicy();
  const context = { policy, dataClass: 'restricted' as const, pending: true, draftAvailable: false };
  it('accepts an allowed reviewer with a complete decision', () => {
    expect(
      reviewDecisionProblem({ reviewer: 'Alice@Example.com', decision: 'reply-with-text', text: 'hi' }, context),
    ).toBeNull();
  });
  it('names the field that is wrong', () => {
    expect(reviewDecisionProblem({ reviewer: 'eve@example.com', decision: 'reject' }, context)).toBe(
      "reviewer: eve@example.com is not on the policy's reviewer allow-list",
    );
    expect(reviewDecisionProblem({ reviewer: 'alice@example.com', decision: 'maybe' }, context)).toMatch(
      /^decision: must be one of/,
    );
    expect(reviewDecisionProblem({ reviewer: 'alice@example.com', decision: 'approve-draft' }, context)).toBe(
      'decision: approve-draft needs a draft, and there is none',
    );
    expect(
      reviewDecisionProblem({ reviewer: 'alice@example.com', decision: 'reroute-to-model', model: 'strong' }, context),
    ).toBe('model: strong runs on cloud, which may not see restricted data');
    expect(
      reviewDecisionProblem({ reviewer: 'alice@example.com', decision: 'reject' }, { ...context, pending: false }),
    ).toBe('no review is pending for this request (already resolved or timed out)');
  });
});

describe('request validation', () => {
  const policy = testPolicy();
  it('checks the route and models a request names against the policy', () => {
    expect(
      policyRequestProblems({ messages: [{ role: 'user', content: 'x' }], route: 'ghost', models: ['nope'] }, policy),
    ).toEqual(['route: unknown route "ghost" in policy test-1', 'models[0]: unknown model "nope"']);
  });

  it('refuses blank conversations and oversized requests with the one request schema', () => {
    const blank = RouteRequestSchema.safeParse({ messages: [{ role: 'user', content: ' \n\t ' }] });
    expect(blank.success ? null : firstIssue(blank.error)).toBe('messages: needs a non-empty user message');
    const huge = RouteRequestSchema.safeParse({ messages: [{ role: 'user', content: 'é'.repeat(600_000) }] });
    expect(huge.success ? null : firstIssue(huge.error)).toMatch(/^messages: 1200000 bytes exceed the router's limit/);
  });

  it('keeps the rules of older histories for their replay', () => {
    expect(
      legacyRequestProblems(
        { messages: [{ role: 'robot' as 'user', content: 'x' }], route: 'ghost', models: ['nope'], maxOutputTokens: 0 },
        policy,
      ),
    ).toEqual([
      'messages[0].role: must be system, user or assistant',
      'messages: needs a non-empty user message',
      'route: unknown route "ghost" in policy test-1',
      'models[0]: unknown model "nope"',
      'maxOutputTokens: must be a positive integer',
    ]);
  });
});
