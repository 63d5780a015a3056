import { describe, expect, it } from 'vitest';
import { formatPendingList, formatTimeLeft } from '../../../src/review/format-review.js';
import { summarizeStatus } from '../../../src/review/pending.js';
import { buildReviewDecision } from '../../../src/review/submit.js';
import type { RouteStatus } from '../../../workflows/types.js';

const REQUESTED = Date.parse('2026-11-21T10:00:00.000Z');

const status: RouteStatus = {
  workflowId: 'route-1',
  request: { messages: [{ role: 'user', content: 'refund please' }] },
  phase: 'awaiting-review',
  policyVersion: 'v1',
  route: 'escalate-risky',
  classification: {
    intent: 'refund',
    confidence: 0.82,
    risk: 'high',
    source: 'model',
    complexity: { chars: 13, inputTokens: 3, questions: 0, messages: 1, attachments: 0, longContext: false },
    conflicting: false,
    alternatives: [],
  },
  privacy: { dataClass: 'restricted', entityTypes: ['credit_card'] },
  attempts: [],
  trail: [],
  review: {
    reason: 'high risk',
    requestedAt: new Date(REQUESTED).toISOString(),
    deadlineAt: new Date(REQUESTED + 4 * 3_600_000).toISOString(),
    draft: null,
    draftModel: null,
    decisions: ['reply-with-text', 'reject'],
  },
  rejectedSignals: 0,
  result: null,
};

describe('review queue summaries', () => {
  it('summarizes a waiting request with its age and time left', () => {
    const summary = summarizeStatus(status, REQUESTED + 90_000);
    expect(summary).toMatchObject({
      workflowId: 'route-1',
      reason: 'high risk',
      ageMs: 90_000,
      timeLeftMs: 4 * 3_600_000 - 90_000,
      route: 'escalate-risky',
      dataClass: 'restricted',
      entityTypes: ['credit_card'],
      intent: 'refund',
      confidence: 0.82,
      error: null,
    });
    const table = formatPendingList([summary]);
    expect(table).toContain('route-1');
    expect(table).toContain('refund 0.82');
    expect(table).toContain('(3h58m left)');
    expect(formatPendingList([])).toBe('no requests are waiting for review');
    expect(formatTimeLeft(-120_000)).toBe('overdue 2m');
  });

  it('keeps only the field a decision uses', () => {
    expect(
      buildReviewDecision({ reviewer: 'r@example.com', decision: 'reject', text: 'x', model: 'm', note: ' ' }),
    ).toEqual({ reviewer: 'r@example.com', decision: 'reject' });
    expect(buildReviewDecision({ reviewer: 'r@example.com', decision: 'reply-with-text', note: 'n' })).toEqual({
      reviewer: 'r@example.com',
      decision: 'reply-with-text',
      text: '',
      note: 'n',
    });
    expect(buildReviewDecision({ reviewer: 'r@example.com', decision: 'reroute-to-model', model: 'strong' })).toEqual({
      reviewer: 'r@example.com',
      decision: 'reroute-to-model',
      model: 'strong',
    });
  });
});
