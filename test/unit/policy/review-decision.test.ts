import { describe, expect, it } from 'vitest';
import { ReviewDecisionSchema } from '../../../src/policy/request-schema.js';
import {
  REVIEW_DECISION_LIMITS,
  type ReviewContext,
  reviewDecisionProblem,
  signReviewDecision,
} from '../../../src/policy/review-decision.js';
import { credentialPublicKey } from '../../../src/policy/signatures.js';
import { testPolicy } from '../../support/policies.js';

const ALICE_TOKEN = 'alice-token-0123456789abcdef';
const BOB_TOKEN = 'bob-token-0123456789abcdef';
const WORKFLOW_ID = 'route-review-1';

/** Signed decisions: shape and sizes first, then pending, allow-list, signature, and what the decision asks. */
describe('reviewDecisionProblem with signatures', () => {
  const policy = testPolicy(); // reviewers: [alice@example.com]
  const context: ReviewContext = {
    policy,
    dataClass: 'restricted',
    pending: true,
    draftAvailable: true,
    signatures: {
      workflowId: WORKFLOW_ID,
      reviewerKeys: {
        'alice@example.com': credentialPublicKey(ALICE_TOKEN),
        'bob@example.com': credentialPublicKey(BOB_TOKEN),
      },
    },
  };

  it('accepts a decision signed with the reviewer token for this workflow', () => {
    const decision = signReviewDecision(ALICE_TOKEN, WORKFLOW_ID, {
      reviewer: 'alice@example.com',
      decision: 'reject',
    });
    expect(decision.signature).toMatch(/^[0-9a-f]{128}$/);
    expect(reviewDecisionProblem(decision, context)).toBeNull();
    expect(ReviewDecisionSchema.safeParse(decision).success).toBe(true);
  });

  it('accepts any spelling of the name that canonicalises to the key owner (NFKC, trim, lower case)', () => {
    const decision = signReviewDecision(ALICE_TOKEN, WORKFLOW_ID, {
      reviewer: ' ALICE@example.COM ',
      decision: 'reply-with-text',
      text: 'hi',
    });
    expect(reviewDecisionProblem(decision, context)).toBeNull();
    // Fullwidth letters are the same name after NFKC.
    const fullwidth = signReviewDecision(ALICE_TOKEN, WORKFLOW_ID, {
      reviewer: 'ａｌｉｃｅ@example.com',
      decision: 'reject',
    });
    expect(reviewDecisionProblem(fullwidth, context)).toBeNull();
  });

  it('refuses an unsigned decision, even from an allow-listed reviewer', () => {
    expect(reviewDecisionProblem({ reviewer: 'alice@example.com', decision: 'reject' }, context)).toMatch(
      /^signature: required/,
    );
    expect(
      reviewDecisionProblem({ reviewer: ' ALICE@example.COM ', decision: 'reject', signature: '' }, context),
    ).toMatch(/^signature: required/);
  });

  it("refuses a forged signature: bob's token claiming alice", () => {
    const forged = signReviewDecision(BOB_TOKEN, WORKFLOW_ID, { reviewer: 'alice@example.com', decision: 'reject' });
    expect(reviewDecisionProblem(forged, context)).toBe(
      'signature: not valid for reviewer alice@example.com on this request (wrong token, or the decision was changed)',
    );
  });

  it('refuses a signature for another workflow, and a decision changed after signing', () => {
    const elsewhere = signReviewDecision(ALICE_TOKEN, 'route-other', {
      reviewer: 'alice@example.com',
      decision: 'reject',
    });
    expect(reviewDecisionProblem(elsewhere, context)).toMatch(/^signature: not valid/);
    const signed = signReviewDecision(ALICE_TOKEN, WORKFLOW_ID, {
      reviewer: 'alice@example.com',
      decision: 'reply-with-text',
      text: 'yes',
    });
    expect(reviewDecisionProblem({ ...signed, text: 'no' }, context)).toMatch(/^signature: not valid/);
    expect(reviewDecisionProblem({ ...signed, note: 'added' }, context)).toMatch(/^signature: not valid/);
    expect(reviewDecisionProblem({ ...signed, signature: 'zz' }, context)).toMatch(/^signature: not valid/);
  });

  it('refuses an allow-listed reviewer the worker has no key for', () => {
    const noKeys = { ...context, signatures: { workflowId: WORKFLOW_ID, reviewerKeys: {} } };
    const decision = signReviewDecision(ALICE_TOKEN, WORKFLOW_ID, {
      reviewer: 'alice@example.com',
      decision: 'reject',
    });
    expect(reviewDecisionProblem(decision, noKeys)).toBe(
      'signature: the worker has no public key for reviewer alice@example.com',
    );
  });

  it('refuses a validly signed reviewer who is not on the allow-list', () => {
    const decision = signReviewDecision(BOB_TOKEN, WORKFLOW_ID, { reviewer: 'bob@example.com', decision: 'reject' });
    expect(reviewDecisionProblem(decision, context)).toBe(
      "reviewer: bob@example.com is not on the policy's reviewer allow-list",
    );
  });

  it('checks sizes before anything else and quotes at most 40 characters of a sent value', () => {
    const huge = 'x'.repeat(100_000);
    const problem = reviewDecisionProblem({ reviewer: huge, decision: 'reject' }, { ...context, pending: false });
    expect(problem).toBe(`reviewer: too long (100000 characters; at most ${REVIEW_DECISION_LIMITS.reviewer})`);
    expect(reviewDecisionProblem({ reviewer: 'alice@example.com', decision: 'reject', [huge]: 1 }, context)).toBe(
      `decision: unknown field "${'x'.repeat(40)}…"`,
    );
    const long = `${'m'.repeat(300)}@example.com`;
    const refused = reviewDecisionProblem({ reviewer: long, decision: 'reject' }, context) ?? '';
    expect(refused).toBe(`reviewer: ${'m'.repeat(40)}… is not on the policy's reviewer allow-list`);
    expect(reviewDecisionProblem({ reviewer: 'a', decision: 'reject', note: 'n'.repeat(2_001) }, context)).toMatch(
      /^note: too long/,
    );
    expect(reviewDecisionProblem({ reviewer: 'a', decision: 'reject', text: 't'.repeat(20_001) }, context)).toMatch(
      /^text: too long/,
    );
    expect(reviewDecisionProblem({ reviewer: 'a', decision: 'reject', model: 7 }, context)).toBe(
      'model: must be a string',
    );
    expect(reviewDecisionProblem(['alice@example.com'], context)).toBe('decision: must be an object');
    // The whole decision: every field within its limit, but escapes make the JSON too large.
    const escaped = signReviewDecision(ALICE_TOKEN, WORKFLOW_ID, {
      reviewer: 'alice@example.com',
      decision: 'reply-with-text',
      text: '\u0001'.repeat(20_000),
    });
    expect(reviewDecisionProblem(escaped, context)).toMatch(
      /^decision: too large \(\d+ characters as JSON; at most 32768\)$/,
    );
  });

  it('quotes an unknown model briefly, and keeps the old rules after the signature', () => {
    const unknown = signReviewDecision(ALICE_TOKEN, WORKFLOW_ID, {
      reviewer: 'alice@example.com',
      decision: 'reroute-to-model',
      model: 'y'.repeat(150),
    });
    expect(reviewDecisionProblem(unknown, context)).toBe(`model: unknown model "${'y'.repeat(40)}…"`);
    const noText = signReviewDecision(ALICE_TOKEN, WORKFLOW_ID, {
      reviewer: 'alice@example.com',
      decision: 'reply-with-text',
    });
    expect(reviewDecisionProblem(noText, context)).toBe('text: required for reply-with-text');
  });

  it('agrees with ReviewDecisionSchema on the limits', () => {
    const base = signReviewDecision(ALICE_TOKEN, WORKFLOW_ID, { reviewer: 'alice@example.com', decision: 'reject' });
    for (const [field, limit] of [
      ['reviewer', REVIEW_DECISION_LIMITS.reviewer],
      ['text', REVIEW_DECISION_LIMITS.text],
      ['model', REVIEW_DECISION_LIMITS.model],
      ['note', REVIEW_DECISION_LIMITS.note],
    ] as const) {
      expect(ReviewDecisionSchema.safeParse({ ...base, [field]: 'a'.repeat(limit) }).success).toBe(true);
      expect(ReviewDecisionSchema.safeParse({ ...base, [field]: 'a'.repeat(limit + 1) }).success).toBe(false);
      expect(reviewDecisionProblem({ ...base, [field]: 'a'.repeat(limit + 1) }, context)).toMatch(/too long/);
    }
    expect(ReviewDecisionSchema.safeParse({ reviewer: 'alice@example.com', decision: 'reject' }).success).toBe(false);
  });
});
