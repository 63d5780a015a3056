import { describe, expect, it } from 'vitest';
import { buildAuditReport } from '../../../src/audit/build-audit.js';
import { formatAudit } from '../../../src/audit/format-audit.js';
import { fixtureEvents, fixtureManifest } from './fixtures.js';

const audit = async (name: string, showText = false) => buildAuditReport(name, await fixtureEvents(name), { showText });

describe('audit trail rebuilt from recorded histories', () => {
  it.each(fixtureManifest().map((entry) => [entry.name, entry]))(
    '%s: outcome, route and attempts agree with what the workflow returned',
    async (name, entry) => {
      const report = await audit(name);
      expect(report.status).toBe('completed');
      expect(report.outcome).toBe(entry.outcome);
      expect(report.route?.name ?? null).toBe(entry.route);
      expect(report.attempts.map((a) => `${a.role}:${a.model}:${a.errorType ?? 'ok'}`)).toEqual(entry.attempts);
      expect(report.costUsd).toBe(report.completion?.costUsd);
      expect(report.policyHash).toMatch(/^[0-9a-f]{64}$/);
      expect(report.problems).toEqual([]);
      const steps = report.steps.map((step) => step.step);
      expect(steps.slice(0, 3)).toEqual(['request', 'classify', 'privacy']);
      for (const step of report.steps) expect(Date.parse(step.at)).not.toBeNaN();
    },
  );

  it('primary → retry → fallback: every attempt with its error, the backoff timer and the reasons', async () => {
    const report = await audit('drill-503');
    expect(report).toMatchObject({
      workflowId: 'drill-503',
      outcome: 'answered',
      model: 'ok',
      policyVersion: 'fault-drill-2026-11-21.1',
    });
    expect(report.attempts).toMatchObject([
      {
        n: 1,
        role: 'primary',
        model: '503',
        status: 'failed',
        errorType: 'Overloaded',
        errorKind: 'transient',
        httpStatus: 503,
        message: 'HTTP 503 server_error',
        waitedMs: null,
      },
      {
        n: 2,
        role: 'retry',
        model: '503',
        status: 'failed',
        errorType: 'Overloaded',
        waitedMs: 250,
        retryAfterHonoured: null,
      },
      { n: 3, role: 'fallback', model: 'ok', provider: 'fake-anthropic', status: 'ok', errorType: null },
    ]);
    for (const attempt of report.attempts) {
      expect(Date.parse(attempt.closedAt!)).toBeGreaterThanOrEqual(Date.parse(attempt.startedAt!));
      expect(attempt.worker).toBeTruthy();
    }
    const reasons = report.steps
      .filter((step) => step.source === 'history')
      .map((step) => `${step.step}: ${step.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^attempt: attempt 1 primary\/503: transient Overloaded 503 after \d+ms — HTTP 503 server_error$/,
        ),
        'retry: transient Overloaded on 503: retry after waiting 250 ms (backoff)',
        'fallback: 503 failed (transient Overloaded): fall back to ok',
        expect.stringMatching(/^attempt: attempt 3 fallback\/ok: ok in \d+ms$/),
      ]),
    );
    expect(report.route).toMatchObject({ name: '503', reasonSource: 'completion' });
    expect(report.steps.at(-1)).toMatchObject({ step: 'answer', source: 'completion' });
  });

  it('Retry-After: the durable timer covered the provider’s Retry-After', async () => {
    const report = await audit('drill-429-retry-after');
    expect(report.attempts[0]).toMatchObject({ retryAfterMs: 1000, httpStatus: 429 });
    expect(report.attempts[1]).toMatchObject({ role: 'retry', waitedMs: 1000, retryAfterHonoured: true, status: 'ok' });
  });

  it('review approved through the Update: who, when, what', async () => {
    const report = await audit('review-update-approve');
    expect(report.review).toMatchObject({
      deadlineMs: 4 * 3_600_000,
      timedOut: false,
      resolution: {
        via: 'update',
        reviewer: 'reviewer@example.com',
        decision: 'approve-draft',
        note: 'looks right',
        accepted: true,
      },
    });
    expect(report.review?.resolution?.identity).toBeTruthy();
    expect(report.steps).toContainEqual(
      expect.objectContaining({ step: 'review', outcome: 'approve-draft', source: 'history' }),
    );
  });

  it('review through the Signal: the invalid signal is shown as ignored, with the validator’s reason', async () => {
    const report = await audit('review-signal-reply');
    expect(report.review?.messages).toMatchObject([
      {
        via: 'signal',
        reviewer: 'mallory@example.com',
        accepted: false,
        problem: "reviewer: mallory@example.com is not on the policy's reviewer allow-list",
      },
      { via: 'signal', reviewer: 'reviewer@example.com', decision: 'reply-with-text', accepted: true, textChars: 20 },
    ]);
    expect(report.review?.resolution?.text).toBeUndefined();
    expect((await audit('review-signal-reply', true)).review?.resolution?.text).toBe('A person wrote this.');
  });

  it('review timeout is the deadline timer firing', async () => {
    const report = await audit('review-timeout');
    expect(report.review).toMatchObject({ deadlineMs: 1500, timedOut: true, resolution: null });
    expect(report.steps).toContainEqual(expect.objectContaining({ step: 'review', outcome: 'timeout' }));
    expect(report.outcome).toBe('degraded');
  });

  it('reviewer reroute: the rerouted attempt and who asked for it', async () => {
    const report = await audit('review-reroute');
    expect(report.attempts.map((attempt) => attempt.role)).toEqual(['draft', 'reviewer-reroute']);
    expect(report.steps).toContainEqual(
      expect.objectContaining({
        step: 'route',
        outcome: 'no-done',
        reason: 'rerouted to no-done by reviewer@example.com',
      }),
    );
  });

  it('privacy: data class and finding types, never the text unless asked', async () => {
    const report = await audit('privacy-restricted');
    expect(report.privacy).toEqual({ dataClass: 'restricted', entityTypes: ['credit_card'], findings: 1 });
    expect(report.model).toBe('private-ok');
    expect(report.steps).toContainEqual(
      expect.objectContaining({ step: 'precheck', reason: 'cloud-ok: provider cloud may not see restricted data' }),
    );
    const json = JSON.stringify(report);
    expect(json).not.toContain('4111');
    expect(json).not.toContain('Please refund');
    const withText = JSON.stringify(await audit('privacy-restricted', true));
    expect(withText).toContain('4111 1111 1111 1111');
  });

  it('format failure is marked on the attempt', async () => {
    const report = await audit('format-failure');
    expect(report.attempts[0]).toMatchObject({ errorType: 'OutputFormatInvalid', formatFailure: true });
    expect(report.steps).toContainEqual(expect.objectContaining({ step: 'attempt', outcome: 'format-failure' }));
  });

  it('a running request: status so far, route reason recomputed from the recorded inputs', async () => {
    const events = await fixtureEvents('drill-503');
    const firstAttemptClosed = events.findIndex((event) => event.kind === 'activity-failed');
    const report = buildAuditReport('drill-503', events.slice(0, firstAttemptClosed + 1));
    expect(report).toMatchObject({ status: 'running', outcome: null, completion: null });
    expect(report.route).toMatchObject({
      name: '503',
      reasonSource: 'recomputed',
      reason: 'forced by request (route "503"); candidates 503 → ok',
    });
    expect(report.attempts).toHaveLength(1);
  });
});

describe('audit output for people', () => {
  it('shows the attempts, the waits, the reviewer and the sources', async () => {
    const drill = formatAudit(await audit('drill-429-retry-after'));
    expect(drill).toContain('fault-drill-2026-11-21.1');
    expect(drill).toMatch(/2 +retry +429-retry-after +ok in \d+ms .*waited 1000 ms first \(Retry-After honoured\)/);
    expect(drill).toContain('[completion]');
    const review = formatAudit(await audit('review-update-approve'));
    expect(review).toContain('approve-draft by reviewer@example.com via update');
    expect(review).not.toContain('fixture review-update-approve: please review');
  });
});
