import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeWorkflowId, inGradingSample } from '../../src/policy/quality.js';
import type { RouteResult } from '../../src/policy/types.js';
import { collectGrades } from '../../src/report/collect-grades.js';
import { collectRouteResults } from '../../src/report/collect-results.js';
import { type LiveReport, summarizeResults } from '../../src/report/live-report.js';
import { listPendingGrades, submitGrade } from '../../src/review/grade-queue.js';
import { gradeAnswerUpdate } from '../../workflows/grade-messages.js';
import type { GradeResult } from '../../workflows/grade-types.js';
import { runCli } from '../e2e/support/run-cli.js';
import { type Harness, startHarness, temporalFlags } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/**
 * Sampled quality (docs/review.md#grading) on the real dev server: a route's sample of answered requests goes to a
 * grading workflow that never holds the answer up; grades are signed, checked and counted once; the report shows the
 * mean per route and policy version with its sample size and flags a route below its floor.
 */
const POLICY = `
version: quality-grading-1
defaults:
  timeoutMs: 4000
  firstTokenTimeoutMs: 3000
  deadlineMs: 10000
  retries: 0
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake, id: ok, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
review:
  reviewers: [grader@example.com, other@example.com]
  deadline: 1h
  decisions: [reply-with-text, reject]
routes:
  - { name: graded, primary: ok, quality: { samplePercent: 100, floor: 0.9 } }
  - { name: tenth, primary: ok, quality: { samplePercent: 10 }, qualityFloor: 0.5 }
  - { name: reviewed, primary: ok, review: always }
access:
  forceRoutes: all
`;

let harness: Harness;
const since = new Date(Date.now() - 60_000);
const grades: string[] = [];

beforeAll(async () => {
  harness = await startHarness({ policyYaml: POLICY });
});

afterAll(async () => {
  if (harness) expect(await replayFailures(harness.client, [...harness.started, ...grades])).toEqual([]);
  await harness?.stop();
});

const ask = (route: string, requestId?: string) =>
  harness.router.route({
    route,
    messages: [{ role: 'user', content: 'Where is my order?' }],
    ...(requestId ? { requestId } : {}),
  });
const token = (reviewer: string) => harness.reviewerTokens[reviewer]!;

describe('sampled quality', () => {
  it('sends a sampled answer for grading without holding it up, and takes exactly one valid signed grade', async () => {
    const result = await ask('graded');
    expect(result.outcome).toBe('answered');
    const id = gradeWorkflowId(result.workflowId);
    grades.push(id);
    expect(result.trail).toContainEqual({
      step: 'quality-sample',
      outcome: 'sampled',
      reason: expect.stringContaining(`100% sample of route graded: grade the answer 0..1; waiting as ${id}`),
    });
    // The answer came back while its grade is still open: the grading workflow runs on, started by the request.
    const described = await harness.client.workflow.getHandle(id).describe();
    expect(described.status.name).toBe('RUNNING');
    expect(described.parentExecution?.workflowId).toBe(result.workflowId);

    await expect
      .poll(
        async () =>
          (await listPendingGrades(harness.client, { taskQueue: harness.taskQueue })).map((item) => item.workflowId),
        {
          timeout: 20_000,
          interval: 300,
        },
      )
      .toContain(result.workflowId);
    const [item] = (await listPendingGrades(harness.client, { taskQueue: harness.taskQueue })).filter(
      (candidate) => candidate.workflowId === result.workflowId,
    );
    expect(item).toMatchObject({ kind: 'grade', gradeWorkflowId: id, route: 'graded', reason: expect.any(String) });

    const grade = (score: number) => ({ reviewer: 'grader@example.com', decision: 'grade' as const, score });
    // Forged: another reviewer's token in the grader's name.
    const forged = await submitGrade(harness.client, result.workflowId, grade(1), token('other@example.com'));
    expect(forged).toMatchObject({ kind: 'refused', message: expect.stringMatching(/^signature: not valid/) });
    // Unsigned: sent straight to the Update without a signature.
    const unsigned = harness.client.workflow.getHandle(id).executeUpdate(gradeAnswerUpdate, {
      args: [grade(1) as never],
    });
    await expect(unsigned).rejects.toMatchObject({ cause: { message: expect.stringMatching(/^signature: required/) } });
    // Out of range, correctly signed.
    const outOfRange = await submitGrade(harness.client, result.workflowId, grade(1.5), token('grader@example.com'));
    expect(outOfRange).toMatchObject({ kind: 'refused', message: 'score: must be a number from 0 to 1' });

    const accepted = await submitGrade(harness.client, id, grade(0.85), token('grader@example.com'));
    expect(accepted).toEqual({ kind: 'accepted', ack: { accepted: true, workflowId: result.workflowId, score: 0.85 } });
    // Duplicate: a second grade (even a valid one from another reviewer) is refused; the grading has ended.
    const duplicate = await submitGrade(
      harness.client,
      result.workflowId,
      { ...grade(0.2), reviewer: 'other@example.com' },
      token('other@example.com'),
    );
    expect(duplicate).toEqual({ kind: 'refused', message: 'no grade is pending: the grading has ended (completed)' });

    const graded = (await harness.client.workflow.getHandle(id).result()) as GradeResult;
    expect(graded).toMatchObject({
      routeWorkflowId: result.workflowId,
      route: 'graded',
      policyVersion: 'quality-grading-1',
      outcome: 'graded',
      grade: { reviewer: 'grader@example.com', score: 0.85, note: null },
    });

    // The report: mean 0.85 over a sample of 1, below the route's floor of 0.9.
    const collected = await collectGrades(harness.client, { since, taskQueue: harness.taskQueue });
    const report = summarizeResults([result], {
      since,
      generatedAt: new Date(),
      running: 0,
      unfinished: {},
      truncated: false,
      policy: harness.policy.policy,
      grades: collected,
    });
    expect(report.quality).toContainEqual({
      route: 'graded',
      policyVersion: 'quality-grading-1',
      meanScore: 0.85,
      samples: 1,
      expired: 0,
      floor: 0.9,
      belowFloor: true,
    });
    expect(report.byPolicyVersion[0]?.rows[0]?.quality).toMatchObject({
      meanScore: 0.85,
      samples: 1,
      belowFloor: true,
    });
  });

  it('two grades sent at once: exactly one counts', async () => {
    const result = await ask('graded');
    const id = gradeWorkflowId(result.workflowId);
    grades.push(id);
    const both = await Promise.all(
      (['grader@example.com', 'other@example.com'] as const).map((reviewer, index) =>
        submitGrade(
          harness.client,
          result.workflowId,
          { reviewer, decision: 'grade', score: index === 0 ? 0.3 : 0.7 },
          token(reviewer),
        ),
      ),
    );
    const accepted = both.filter((submission) => submission.kind === 'accepted');
    expect(accepted).toHaveLength(1);
    expect(both.filter((submission) => submission.kind === 'refused')).toHaveLength(1);
    const graded = (await harness.client.workflow.getHandle(id).result()) as GradeResult;
    expect(graded.grade?.score).toBe(accepted[0]!.kind === 'accepted' ? accepted[0]!.ack.score : -1);
  });

  it('samples 10 % of 500 answered requests within sampling error, exactly those the pure sampling function picks', async () => {
    const results: RouteResult[] = [];
    // Ids new on every run (so the sample is not fixed in advance), 25 requests at a time.
    const runTag = Date.now().toString(36);
    const ids = Array.from({ length: 500 }, (_, index) => `quality-tenth-${runTag}-${index}`);
    for (let index = 0; index < ids.length; index += 25) {
      results.push(...(await Promise.all(ids.slice(index, index + 25).map((id) => ask('tenth', id)))));
    }
    expect(results.every((result) => result.outcome === 'answered')).toBe(true);
    const sampled = results.filter((result) => result.trail.some((entry) => entry.step === 'quality-sample'));
    const expected = results.filter((result) => inGradingSample(result.workflowId, 10));
    expect(sampled.map((result) => result.workflowId)).toEqual(expected.map((result) => result.workflowId));
    // Binomial(500, 0.1): mean 50, σ ≈ 6.7; within 3σ.
    expect(sampled.length).toBeGreaterThanOrEqual(30);
    expect(sampled.length).toBeLessThanOrEqual(70);
    console.log(`quality sample: ${sampled.length} of ${results.length} answered requests (target 10 %)`);
    for (const result of sampled) grades.push(gradeWorkflowId(result.workflowId));
    // Each sampled request has its grading workflow; the others (the first 40 checked) have none.
    const unsampled = results.filter((result) => !sampled.includes(result)).slice(0, 40);
    for (const result of [...sampled, ...unsampled]) {
      const described = harness.client.workflow.getHandle(gradeWorkflowId(result.workflowId)).describe();
      if (sampled.includes(result)) await expect(described).resolves.toBeTruthy();
      else await expect(described).rejects.toThrow();
    }
  }, 240_000);

  it("reports a reviewed request's wait in the review column, not in the route's end-to-end latency", async () => {
    const handle = await harness.router.start({ route: 'reviewed', messages: [{ role: 'user', content: 'Refund?' }] });
    await expect.poll(async () => (await handle.status()).phase, { timeout: 15_000 }).toBe('awaiting-review');
    await new Promise((resolve) => setTimeout(resolve, 500)); // the reviewer takes a while
    await handle.resolveReview(
      harness.signDecision(handle.workflowId, {
        reviewer: 'grader@example.com',
        decision: 'reply-with-text',
        text: 'Yes.',
      }),
    );
    const result = await handle.result();
    expect(result.outcome).toBe('reviewed');
    const latency = result.latency!;
    expect(latency.reviewWaitMs).toBeGreaterThan(0);
    expect(latency.endToEndMs + latency.reviewWaitMs).toBe(result.latencyMs);
    expect(latency.modelMs).toBe(0); // no draft models: nothing was asked of a model

    const collected = await collectRouteResults(harness.client, { since, taskQueue: harness.taskQueue });
    const mine = collected.results.filter((candidate) => candidate.route === 'reviewed');
    expect(mine.map((candidate) => candidate.workflowId)).toEqual([handle.workflowId]);
    const report = summarizeResults(collected.results, {
      since,
      generatedAt: new Date(),
      running: 0,
      unfinished: {},
      truncated: false,
    });
    const row = report.byRoute.find((candidate) => candidate.route === 'reviewed')!;
    expect(row.p95LatencyMs).toBe(latency.endToEndMs);
    expect(row.p95LatencyMs).toBeLessThan(result.latencyMs);
    expect(row).toMatchObject({
      reviewWaits: 1,
      p95ReviewWaitMs: latency.reviewWaitMs,
      p50ReviewWaitMs: latency.reviewWaitMs,
    });
    expect(report.latency.reviewed?.p95).toBe(latency.endToEndMs);
    // The answered routes had no review wait, and their model time is the sum of their attempts.
    const answered = report.byRoute.find((candidate) => candidate.route === 'tenth')!;
    expect(answered).toMatchObject({ reviewWaits: 0, p95ReviewWaitMs: null });
    expect(answered.p95ModelLatencyMs).toBeGreaterThanOrEqual(0);
  });

  it('review list --json shows grade items; review resolve --decision grade --score grades once (CLI)', async () => {
    const result = await ask('graded');
    grades.push(gradeWorkflowId(result.workflowId));
    const env = {
      SWITCHYARD_REVIEWER_TOKENS: `grader@example.com=${token('grader@example.com')}`,
      SWITCHYARD_REVIEWER_TOKEN: token('grader@example.com'),
    };
    const review = (...args: string[]) => runCli(['review', ...args, ...temporalFlags(harness)], { env });
    let items: { workflowId: string; kind: string; reason: string | null }[] = [];
    await expect
      .poll(
        async () => {
          const run = await review('list', '--json');
          expect(run.code, run.stderr).toBe(0);
          items = JSON.parse(run.stdout) as typeof items;
          return items.filter((item) => item.kind === 'grade').map((item) => item.workflowId);
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain(result.workflowId);
    expect(items.find((item) => item.workflowId === result.workflowId)).toMatchObject({
      kind: 'grade',
      reason: '100% sample of route graded: grade the answer 0..1',
    });
    const shown = await review('show', result.workflowId);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('sampled answer (ok, route graded): not graded yet');
    expect(shown.stdout).toContain(result.answer!);

    const outOfRange = await review('resolve', result.workflowId, '--decision', 'grade', '--score', '2');
    expect(outOfRange.code).not.toBe(0);
    expect(outOfRange.stderr).toContain('--score: a number from 0 to 1 is required');
    const graded = await review('resolve', result.workflowId, '--decision', 'grade', '--score', '0.95', '--json');
    expect(graded.code, graded.stderr).toBe(0);
    expect(JSON.parse(graded.stdout)).toEqual({ accepted: true, workflowId: result.workflowId, score: 0.95 });
    const again = await review('resolve', result.workflowId, '--decision', 'grade', '--score', '0.1');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('grade refused: no grade is pending');
  });

  it('switchyard report: the quality column and section, review waits on their own (CLI)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quality-report-'));
    const policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, POLICY);
    const args = ['report', '--since', '1h', '--policy', policyFile, ...temporalFlags(harness)];
    const json = await runCli([...args, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as LiveReport;
    const graded = report.quality.find((row) => row.route === 'graded')!;
    expect(graded).toMatchObject({ policyVersion: 'quality-grading-1', floor: 0.9 });
    expect(graded.samples).toBeGreaterThanOrEqual(3); // 0.85, one of the two sent at once, 0.95 from the CLI
    expect(graded.belowFloor).toBe((graded.meanScore ?? 1) < 0.9);
    const reviewed = report.byRoute.find((row) => row.route === 'reviewed')!;
    expect(reviewed.reviewWaits).toBe(1);
    expect(reviewed.p95ReviewWaitMs).toBeGreaterThan(0);
    expect(report.byRoute.find((row) => row.route === 'graded')?.quality?.samples).toBe(graded.samples);
    const table = await runCli(args);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('sampled quality (mean grade 0..1, per route and policy version)');
    expect(table.stdout).toContain('review wait p95');
  });
});
