import { describe, expect, it } from 'vitest';
import type { AuditAttempt, AuditDecisions } from '../../../src/audit/audit-types.js';
import { rungStepsByAttempt } from '../../../src/audit/rung-steps.js';

const attempt = (n: number, closed: number): AuditAttempt =>
  ({
    n,
    scheduledAt: `2026-12-06T10:00:0${n}.000Z`,
    closedAt: `2026-12-06T10:00:0${n}.500Z`,
    eventIds: { scheduled: closed - 2, closed },
  }) as AuditAttempt;

const decisions = (entries: AuditDecisions['entries'], source: AuditDecisions['source'] = 'completion') =>
  ({ source, entries, eventId: null, at: null, total: entries.length, cut: false }) as AuditDecisions;

describe('rung steps in the audit', () => {
  it('places each rung entry after the attempts the trail noted before it, at the last one', () => {
    const groups = rungStepsByAttempt(
      decisions([
        { step: 'route', outcome: 'faq', reason: 'r' },
        { step: 'interim', outcome: 'sent', reason: 'slow', detail: { afterMs: 1500 } },
        { step: 'attempt', outcome: 'format-failure', reason: 'a1' },
        { step: 'repair', outcome: 'failed', reason: 'not JSON' },
        { step: 'attempt', outcome: 'ok', reason: 'a2' },
        { step: 'quality-sample', outcome: 'sampled', reason: '10 %' },
      ]),
      [attempt(1, 7), attempt(2, 12)],
      { at: 'route-time', eventId: 3 },
    );
    expect([...groups.keys()]).toEqual([0, 2]);
    expect(groups.get(0)).toEqual([
      {
        step: 'interim',
        at: 'route-time',
        outcome: 'sent',
        reason: 'slow',
        source: 'completion',
        eventId: 3,
        detail: { afterMs: 1500 },
      },
    ]);
    // A repair is read from its attempt's result, not from the trail.
    expect(groups.has(1)).toBe(false);
    expect(groups.get(2)?.[0]).toMatchObject({ step: 'quality-sample', eventId: 12, at: '2026-12-06T10:00:02.500Z' });
  });

  it('has nothing to add when the trail was recomputed (no recorded entries)', () => {
    const groups = rungStepsByAttempt(decisions([], 'recomputed'), [attempt(1, 7)], { at: '', eventId: null });
    expect(groups.size).toBe(0);
  });
});
