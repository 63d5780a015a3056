import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAttempt } from '../../src/audit/audit-types.js';
import { auditWorkflow } from '../../src/audit/audit-workflow.js';
import type { AttemptRecord, RouteResult, TrailEntry } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const POLICY = `
version: fast-path-test-1
defaults:
  timeoutMs: 2000
  firstTokenTimeoutMs: 1500
  idleTimeoutMs: 1000
  deadlineMs: 15000
  retries: 1
  retryDelayMs: 100
  maxOutputTokens: 64
providers:
  fake-openai: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake-openai, id: ok, contextTokens: 16000, price: { inputPer1M: 0.15, outputPer1M: 0.6 } }
  '503': { provider: fake-openai, id: '503', contextTokens: 16000, price: { inputPer1M: 0.15, outputPer1M: 0.6 } }
access: { forceRoutes: all }
routes:
  - { name: opt-out, primary: ok, fastPath: false }
  - { name: long, primary: ok, timeoutMs: 8000 }
  - { name: fails, primary: '503', fallbacks: [ok] }
  - { name: budgeted, primary: ok }
  - { name: ok, primary: ok }
budgets:
  - { name: fast-path-budget, scope: { route: budgeted }, period: day, limitUsd: 1000 }
`;

async function events(harness: Harness, workflowId: string): Promise<HistoryEvent[]> {
  return (await harness.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

const json = (data: Uint8Array | null | undefined) =>
  data ? (JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, unknown>) : null;

/**
 * The history's model attempts in order: `ahead` for a first attempt made inside the resolvePolicy local activity,
 * `local` for a callModelLocally marker, `activity` for a callModel activity.
 */
function attemptEvents(history: HistoryEvent[]): string[] {
  return history.flatMap((event) => {
    if (event.activityTaskScheduledEventAttributes?.activityType?.name === 'callModel') return ['activity'];
    const details = event.markerRecordedEventAttributes?.details;
    const type = json(details?.data?.payloads?.[0]?.data)?.activity_type;
    if (type === 'callModelLocally') return ['local'];
    if (type === 'resolvePolicy' && json(details?.result?.payloads?.[0]?.data)?.first) return ['ahead'];
    return [];
  });
}

const workflowTasks = (history: HistoryEvent[]) =>
  history.filter((event) => event.workflowTaskCompletedEventAttributes).length;

/** What must not depend on the path an attempt took: everything but its measured latency. */
const comparable = (attempt: AttemptRecord) => ({ ...attempt, latencyMs: 0 });
const comparableAudit = (attempt: AuditAttempt) => [
  attempt.n,
  attempt.role,
  attempt.model,
  attempt.provider,
  attempt.status,
  attempt.errorType,
  attempt.errorKind,
  attempt.httpStatus,
  attempt.timeoutMs,
  attempt.inputTokens,
  attempt.outputTokens,
  attempt.costUsd,
  attempt.waitedMs,
];
/** Trail entries; attempt lines carry latencies, which differ run to run. */
const trailShape = (trail: TrailEntry[]) =>
  trail.map((entry) => ({ ...entry, reason: entry.reason.replace(/\d+ ?ms/g, 'N ms') }));

/** The fast path (docs/workflow-changes.md): first attempt as a local activity in the routing workflow task. */
describe('the durable fast path', () => {
  let fast: Harness;
  let regular: Harness;

  beforeAll(async () => {
    fast = await startHarness({ policyYaml: POLICY });
    // The same policy on a worker that grants no fast path: every attempt is a regular activity, as before.
    regular = await startHarness({ policyYaml: POLICY, activities: { fastPath: false } });
  });
  afterAll(async () => {
    await fast?.stop();
    await regular?.stop();
  });

  const route = (harness: Harness, name: string) =>
    harness.router.route({ route: name, messages: [{ role: 'user', content: `fast path ${name}` }] });

  it('answers a first-time request in one workflow task, its attempt made inside resolvePolicy with the same record and trail', async () => {
    const [onFast, onRegular] = await Promise.all([route(fast, 'ok'), route(regular, 'ok')]);
    const fastHistory = await events(fast, onFast.workflowId);
    const regularHistory = await events(regular, onRegular.workflowId);
    expect(attemptEvents(fastHistory)).toEqual(['ahead']);
    expect(attemptEvents(regularHistory)).toEqual(['activity']);
    expect(workflowTasks(fastHistory)).toBe(1);
    expect(workflowTasks(regularHistory)).toBe(2);
    // Started, task scheduled/started/completed, the resolvePolicy marker (with the inspection and the first attempt),
    // the search-attribute upsert, completed: no patch marker (workflows/request-rules.ts).
    expect(fastHistory).toHaveLength(7);
    const localActivities = (history: HistoryEvent[]) =>
      history.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
    expect(localActivities(fastHistory)).toBe(1);
    expect(localActivities(regularHistory)).toBe(2); // resolvePolicy, inspectRequest
    expect(fastHistory.length).toBeLessThan(regularHistory.length);
    expect(onFast.attempts.map(comparable)).toEqual(onRegular.attempts.map(comparable));
    expect(trailShape(onFast.trail)).toEqual(trailShape(onRegular.trail));
    // The fake provider stamps each answer with a per-request reference: compare the text around it.
    const text = (result: RouteResult) => result.answer?.replace(/\(ref \w+\)/, '(ref)');
    expect(text(onFast)).toBe(text(onRegular));
  });

  it('a failing first attempt falls back to the regular ladder (retry and fallback as activities), same trail', async () => {
    const [onFast, onRegular] = await Promise.all([route(fast, 'fails'), route(regular, 'fails')]);
    expect(onFast.attempts.map((attempt) => `${attempt.role}:${attempt.model}:${attempt.errorType ?? 'ok'}`)).toEqual([
      'primary:503:Overloaded',
      'retry:503:Overloaded',
      'fallback:ok:ok',
    ]);
    expect(attemptEvents(await events(fast, onFast.workflowId))).toEqual(['ahead', 'activity', 'activity']);
    expect(attemptEvents(await events(regular, onRegular.workflowId))).toEqual(['activity', 'activity', 'activity']);
    expect(onFast.attempts.map(comparable)).toEqual(onRegular.attempts.map(comparable));
    expect(trailShape(onFast.trail)).toEqual(trailShape(onRegular.trail));
  });

  it('audit reads both shapes alike: the same attempts, steps and reasons', async () => {
    const [onFast, onRegular] = await Promise.all([route(fast, 'fails'), route(regular, 'fails')]);
    const [fastReport, regularReport] = await Promise.all([
      auditWorkflow(fast.client, onFast.workflowId),
      auditWorkflow(regular.client, onRegular.workflowId),
    ]);
    expect(fastReport.attempts.map(comparableAudit)).toEqual(regularReport.attempts.map(comparableAudit));
    expect(fastReport.attempts[0]).toMatchObject({ localActivity: true, status: 'failed', worker: expect.any(String) });
    expect(regularReport.attempts[0]?.localActivity).toBeUndefined();
    const steps = (report: typeof fastReport) =>
      report.steps.map((step) => [step.step, step.outcome, step.reason.replace(/\d+ ?ms/g, 'N ms'), step.source]);
    expect(steps(fastReport)).toEqual(steps(regularReport));
    expect(fastReport).toMatchObject({ outcome: 'answered', costUsd: onFast.costUsd, problems: [] });
  });

  it('routes that opt out, and attempts over the limit, use a regular activity', async () => {
    const optOut: RouteResult = await route(fast, 'opt-out');
    const long: RouteResult = await route(fast, 'long');
    expect(attemptEvents(await events(fast, optOut.workflowId))).toEqual(['activity']);
    expect(attemptEvents(await events(fast, long.workflowId))).toEqual(['activity']);
    expect([optOut.outcome, long.outcome]).toEqual(['answered', 'answered']);
  });

  it('a budget covering the call: reserved first, then the fast path; nothing is called ahead of the reservation', async () => {
    const budgeted: RouteResult = await route(fast, 'budgeted');
    const history = await events(fast, budgeted.workflowId);
    expect(attemptEvents(history)).toEqual(['local']);
    const types = history.flatMap((event) => {
      const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
      return name ? [name] : [];
    });
    expect(types).toEqual(['reserveBudget', 'commitBudget']);
    expect(budgeted).toMatchObject({ outcome: 'answered', model: 'ok' });
  });

  it('every history replays, both shapes', async () => {
    expect(await replayFailures(fast.client, fast.started)).toEqual([]);
    expect(await replayFailures(regular.client, regular.started)).toEqual([]);
  });
});
