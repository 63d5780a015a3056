import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditReport } from '../../src/audit/audit-types.js';
import { auditWorkflow } from '../../src/audit/audit-workflow.js';
import { listRoutingWorkflows } from '../../src/audit/list-workflows.js';
import { verifyReplay } from '../../src/audit/verify-replay.js';
import type { RouteResult } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';

const run = promisify(execFile);

/** `switchyard audit …` against the shared dev server: the trail from history agrees with the result. */
describe('audit', () => {
  let harness: Harness;
  let fallback: RouteResult;

  beforeAll(async () => {
    harness = await startHarness({ policyFile: 'examples/policies/fault-drill.yaml' });
    fallback = await harness.router.route({ route: '503', messages: [{ role: 'user', content: 'audit me please' }] });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('primary → retry → fallback: every attempt with its reason, from history, agreeing with the result', async () => {
    const report = await auditWorkflow(harness.client, fallback.workflowId);
    expect(report.outcome).toBe(fallback.outcome);
    expect(report.model).toBe(fallback.model);
    expect(report.costUsd).toBe(fallback.costUsd);
    expect(report.policyVersion).toBe(fallback.policyVersion);
    expect(report.policyHash).toBe(fallback.policyHash);
    expect(report.attempts.map((a) => [a.n, a.role, a.model, a.status, a.errorType])).toEqual(
      fallback.attempts.map((a) => [a.n, a.role, a.model, a.ok ? 'ok' : 'failed', a.errorType]),
    );
    expect(report.attempts[1]).toMatchObject({ role: 'retry', waitedMs: 250 });
    const historySteps = report.steps.filter((step) => step.source === 'history');
    for (const entry of fallback.trail.filter((e) => e.step === 'attempt' || e.step === 'fallback'))
      expect(historySteps).toContainEqual(expect.objectContaining({ step: entry.step, reason: entry.reason }));
    expect(JSON.stringify(report)).not.toContain('audit me please');
  });

  it('the CLI prints the same trail as JSON', async () => {
    const { stdout, stderr } = await run(
      'node',
      ['bin/switchyard.js', 'audit', fallback.workflowId, '--json', '--address', inject('temporalAddress')],
      { env: { ...process.env, SWITCHYARD_CODEC_KEYS: '', SWITCHYARD_CODEC_KEY_FILE: '' } },
    );
    const report = JSON.parse(stdout) as AuditReport;
    expect(report).toMatchObject({ workflowId: fallback.workflowId, outcome: 'answered', costUsd: fallback.costUsd });
    expect(report.steps.every((step) => step.step && step.at && step.outcome && step.reason)).toBe(true);
    expect(report.attempts).toHaveLength(3);
    expect(stderr).toContain('workflow histories are stored unencrypted');
  });

  it('a reviewed request shows the reviewer', async () => {
    const handle = await harness.router.start({
      route: 'review-always',
      messages: [{ role: 'user', content: 'needs a person' }],
    });
    await expect.poll(async () => (await handle.status()).phase, { timeout: 15_000 }).toBe('awaiting-review');
    await handle.resolveReview(
      harness.signDecision(handle.workflowId, {
        reviewer: 'reviewer@example.com',
        decision: 'reject',
        note: 'off topic',
      }),
    );
    const result = await handle.result();
    const report = await auditWorkflow(harness.client, handle.workflowId);
    expect(report.outcome).toBe(result.outcome);
    expect(report.review?.resolution).toMatchObject({
      via: 'update',
      reviewer: 'reviewer@example.com',
      decision: 'reject',
      note: 'off topic',
    });
    expect(report.steps).toContainEqual(
      expect.objectContaining({ step: 'review', outcome: 'reject', source: 'history' }),
    );
  });

  it('lists routing workflows with their search attributes', async () => {
    await expect
      .poll(async () => listRoutingWorkflows(harness.client, { query: `WorkflowId = '${fallback.workflowId}'` }), {
        timeout: 15_000,
      })
      .toEqual([
        expect.objectContaining({
          workflowId: fallback.workflowId,
          status: 'COMPLETED',
          route: '503',
          model: 'ok',
          outcome: 'answered',
          dataClass: 'public',
          policyVersion: 'fault-drill-2026-11-21.1',
          needsReview: false,
        }),
      ]);
  });

  it('audit verify replays every routing workflow a visibility query finds, with zero failures', async () => {
    // Scoped to this file's task queue: the shared dev server holds thousands of other files' requests by now,
    // which other tests replay themselves.
    const report = await verifyReplay(harness.client, {
      workflowBundlePath: inject('workflowBundlePath'),
      query: `WorkflowType = 'routeRequestWorkflow' AND TaskQueue = '${harness.taskQueue}'`,
    });
    expect(report.details).toEqual([]);
    expect(report.failures).toBe(0);
    expect(report.replayed).toBeGreaterThanOrEqual(2);
  });
});
