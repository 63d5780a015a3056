import { describe, expect, it } from 'vitest';
import type { History } from '../../../src/audit/history-json.js';
import { phaseMedians, workflowPhases } from '../../../src/bench/history-phases.js';
import { fixtureHistory } from '../audit/fixtures.js';

const asHistory = (events: object[]) => ({ events }) as unknown as History;
const at = (iso: string) => {
  const ms = Date.parse(iso);
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
};

describe('workflow phases from history event times', () => {
  it('splits a recorded routing history into first task, activity and final task', () => {
    // drill-ok: started 40.008, first task done 41.050, activity 41.071 → 41.361, completed 41.983.
    const phases = workflowPhases(fixtureHistory('drill-ok'))!;
    expect(phases.events).toBe(15);
    expect(phases.firstTaskMs).toBeCloseTo(1042.4, 0);
    expect(phases.activityMs).toBeCloseTo(290.7, 0);
    expect(phases.finalTaskMs).toBeCloseTo(621.9, 0);
    expect(phases.serverMs).toBeCloseTo(1975.1, 0);
    const sum =
      phases.firstTaskMs + phases.activityDispatchMs + phases.activityMs + phases.finalTaskMs + phases.otherMs;
    expect(sum).toBeCloseTo(phases.serverMs, 3);
  });

  it('sums every activity of a retried request and leaves the backoff timer in "other"', () => {
    const phases = workflowPhases(fixtureHistory('drill-429-retry-after'))!;
    expect(phases.otherMs).toBeGreaterThanOrEqual(1000); // the Retry-After timer between the two attempts
    const sum =
      phases.firstTaskMs + phases.activityDispatchMs + phases.activityMs + phases.finalTaskMs + phases.otherMs;
    expect(sum).toBeCloseTo(phases.serverMs, 3);
  });

  it('is null for a workflow that has not completed', () => {
    const history = asHistory([{ eventId: 1, eventType: 1, eventTime: at('2026-01-01T00:00:00.000Z') }]);
    expect(workflowPhases(history)).toBeNull();
  });

  it('takes medians per phase and the time the caller saw outside the history', () => {
    const history = (firstTaskMs: number) =>
      asHistory([
        { eventType: 1, eventTime: at('2026-01-01T00:00:00.000Z') },
        { eventType: 7, eventTime: at(new Date(Date.parse('2026-01-01T00:00:00.000Z') + firstTaskMs).toISOString()) },
        { eventType: 2, eventTime: at('2026-01-01T00:00:00.050Z') },
      ]);
    const phases = [10, 20, 30].map((ms) => workflowPhases(history(ms))!);
    const medians = phaseMedians(phases, [60, 70, 80]);
    expect(medians).toMatchObject({
      count: 3,
      firstTaskMs: 20,
      finalTaskMs: 30,
      serverMs: 50,
      outsideMs: 20,
      clientMs: 70,
    });
  });
});
