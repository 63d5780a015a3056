import { describe, expect, it } from 'vitest';
import type { AuditAttempt } from '../../../src/audit/audit-types.js';
import { buildAuditReport } from '../../../src/audit/build-audit.js';
import { fixtureEvents } from './fixtures.js';

const audit = async (name: string) => buildAuditReport(name, await fixtureEvents(name));

/** What an audit says about an attempt, whichever shape recorded it (times and event ids aside). */
const said = (attempt: AuditAttempt) => ({
  n: attempt.n,
  role: attempt.role,
  model: attempt.model,
  provider: attempt.provider,
  status: attempt.status,
  errorType: attempt.errorType,
  errorKind: attempt.errorKind,
  message: attempt.message,
  httpStatus: attempt.httpStatus,
  retryAfterMs: attempt.retryAfterMs,
  formatFailure: attempt.formatFailure,
  waitedMs: attempt.waitedMs,
  timeoutMs: attempt.timeoutMs,
  inputTokens: attempt.inputTokens,
  outputTokens: attempt.outputTokens,
  costUsd: attempt.costUsd,
});
/** Steps with latencies and the policy hash masked (the drill policy's snapshot grew fields between recordings). */
const steps = (report: Awaited<ReturnType<typeof audit>>) =>
  report.steps.map((step) => [
    step.step,
    step.outcome,
    step.reason
      .replace(/\d+ ?ms/g, 'N ms')
      .replace(/\d+(\.\d+)?s\b/g, 'Ns')
      .replace(/\([0-9a-f]{12}\)/g, '(hash)'),
    step.source,
  ]);

/**
 * The fast path's histories (`v5-*`, first attempt as a `callModelLocally` marker, inspection inside resolvePolicy)
 * audit exactly as the same drills recorded before it (`v4-*`/`v3-*`, every attempt an activity).
 */
describe('audit of fast-path histories', () => {
  it.each([
    ['v5-drill-503', 'v3-drill-503'],
    ['v5-drill-content-filter', 'v4-drill-content-filter'],
    ['v5-drill-slow-first-token', 'v4-drill-slow-first-token'],
    ['v5-format-failure', 'v3-format-failure'],
    // The first attempt made ahead inside resolvePolicy (v6-*): one marker for the policy, inspection and call.
    ['v6-drill-503', 'v3-drill-503'],
    ['v6-drill-content-filter', 'v4-drill-content-filter'],
    ['v6-drill-slow-first-token', 'v4-drill-slow-first-token'],
    // Recorded since JSON repair: against the same drill on this code with the fast path off (SWITCHYARD_FAST_PATH=off).
    ['v6-format-failure', 'v6-format-failure-regular'],
    // Recorded without a patch marker (v7-*, workflows/request-rules.ts): the same audit again.
    ['v7-drill-503', 'v3-drill-503'],
    ['v7-drill-content-filter', 'v4-drill-content-filter'],
    ['v7-drill-slow-first-token', 'v4-drill-slow-first-token'],
    ['v7-format-failure', 'v6-format-failure-regular'],
  ])('%s audits as %s: the same attempts, steps and reasons', async (fast, before) => {
    const [now, then] = await Promise.all([audit(fast), audit(before)]);
    expect(now.attempts[0]).toMatchObject({ localActivity: true, startedAt: null, worker: expect.any(String) });
    expect(then.attempts[0]?.localActivity).toBeUndefined();
    expect(now.attempts.map(said)).toEqual(then.attempts.map(said));
    expect(steps(now)).toEqual(steps(then));
    expect([now.outcome, now.model, now.costUsd, now.problems]).toEqual([then.outcome, then.model, then.costUsd, []]);
    expect(now.classification).toEqual(then.classification);
  });

  it('an answered request: one local-activity attempt, the inspection read from the resolvePolicy marker', async () => {
    const report = await audit('v5-drill-ok');
    expect(report.attempts.map(said)).toEqual([expect.objectContaining({ n: 1, role: 'primary', model: 'ok' })]);
    expect(report.classification).not.toBeNull();
    expect(report.privacy).not.toBeNull();
    expect(report.steps.slice(0, 3).map((step) => step.step)).toEqual(['request', 'classify', 'privacy']);
    expect(report.events).toBeLessThan((await audit('v2-drill-503')).events);
  });

  it('a first attempt made ahead: read from the resolvePolicy marker, no callModelLocally marker, fewer events', async () => {
    const [ahead, local] = await Promise.all([audit('v6-drill-ok'), audit('v5-drill-ok')]);
    expect(ahead.attempts.map(said)).toEqual(local.attempts.map(said));
    expect(ahead.attempts[0]).toMatchObject({ localActivity: true, startedAt: null, worker: expect.any(String) });
    expect(steps(ahead)).toEqual(steps(local));
    expect([ahead.outcome, ahead.model, ahead.costUsd, ahead.problems]).toEqual([
      local.outcome,
      local.model,
      local.costUsd,
      [],
    ]);
    expect(ahead.events).toBe(local.events - 1);
  });
});
