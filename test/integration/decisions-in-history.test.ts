import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditReport } from '../../src/audit/audit-types.js';
import { auditWorkflow } from '../../src/audit/audit-workflow.js';
import { ENCRYPTED_ENCODING } from '../../src/codec/aes-gcm-codec.js';
import { RECORDED_TRAIL_MEMO_KEY, type RecordedTrail } from '../../src/policy/recorded-trail.js';
import type { RouteResult } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const run = promisify(execFile);
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The raw history, as `temporal workflow show` reads it. */
async function rawEvents(harness: Harness, workflowId: string): Promise<HistoryEvent[]> {
  return (await harness.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

/** The memo-upsert events carrying the recorded trail, decoded with the plain payload converter (no codec). */
function recordedTrails(events: HistoryEvent[]): RecordedTrail[] {
  return events.flatMap((event) => {
    const field = event.workflowPropertiesModifiedEventAttributes?.upsertedMemo?.fields?.[RECORDED_TRAIL_MEMO_KEY];
    return field ? [defaultPayloadConverter.fromPayload<RecordedTrail>(field as Payload)] : [];
  });
}

const isPatchMarker = (event: HistoryEvent) => event.markerRecordedEventAttributes?.markerName === 'core_patch';

/** Markers of the folded patch that implies `decisions-in-history` (a `core_patch` marker naming it). */
function patchMarkers(events: HistoryEvent[]): HistoryEvent[] {
  return events.filter(
    (event) =>
      isPatchMarker(event) &&
      Object.values(event.markerRecordedEventAttributes?.details ?? {})
        .flatMap((payloads) => payloads.payloads ?? [])
        .some((payload) =>
          Buffer.from(payload.data ?? new Uint8Array())
            .toString('utf8')
            .includes('request-rules-2026-12'),
        ),
  );
}

/** The TemporalChangeVersion upserts the SDK core writes beside each patch marker. */
function changeVersionUpserts(events: HistoryEvent[]): HistoryEvent[] {
  return events.filter((event) => {
    const fields = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {};
    return Object.keys(fields).length === 1 && 'TemporalChangeVersion' in fields;
  });
}

/** Decisions go into the history as they are made (docs/workflow-changes.md, `decisions-in-history`). */
describe('decisions in the history', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ policyFile: 'examples/policies/fault-drill.yaml' });
  });
  afterAll(async () => {
    if (harness) expect(await replayFailures(harness.client, harness.started)).toEqual([]);
    await harness?.stop();
  });

  it('a request waiting for a reviewer has its route and review reasons in the raw history; audit reads them', async () => {
    const handle = await harness.router.start({
      route: 'review-always',
      messages: [{ role: 'user', content: 'park' }],
    });
    await expect.poll(async () => (await handle.status()).phase, { timeout: 15_000 }).toBe('awaiting-review');
    const status = await handle.status();
    await expect
      .poll(async () => recordedTrails(await rawEvents(harness, handle.workflowId)).at(-1)?.entries.length ?? 0)
      .toBe(status.trail.length);
    const trail = recordedTrails(await rawEvents(harness, handle.workflowId)).at(-1)!;
    expect(trail).toMatchObject({ cut: false, total: status.trail.length });
    expect(trail.entries).toEqual(status.trail);
    const route = trail.entries.find((entry) => entry.step === 'route')!;
    const review = trail.entries.find((entry) => entry.step === 'review' && entry.outcome === 'requested')!;
    expect(route).toMatchObject({ outcome: 'review-always', reason: expect.stringContaining('candidates') });
    expect(review.reason).toContain('always asks for review');

    const { stdout } = await run(
      'node',
      ['bin/switchyard.js', 'audit', handle.workflowId, '--json', '--address', inject('temporalAddress')],
      { env: { ...process.env, SWITCHYARD_CODEC_KEYS: '', SWITCHYARD_CODEC_KEY_FILE: '' } },
    );
    const report = JSON.parse(stdout) as AuditReport;
    expect(report.status).toBe('running');
    expect(report.decisions).toMatchObject({ source: 'history', entries: trail.entries, cut: false });
    expect(report.route).toMatchObject({ name: 'review-always', reason: route.reason, reasonSource: 'history' });
    expect(report.review).toMatchObject({ reason: review.reason, reasonSource: 'history' });
    expect(report.steps).toContainEqual(
      expect.objectContaining({ step: 'review', outcome: 'requested', reason: review.reason, source: 'history' }),
    );

    await handle.resolveReview(
      harness.signDecision(handle.workflowId, { reviewer: 'reviewer@example.com', decision: 'reject' }),
    );
    const result = await handle.result();
    const finished = await auditWorkflow(harness.client, handle.workflowId);
    expect(finished.decisions).toMatchObject({ source: 'completion', entries: result.trail });
  });

  it('a simple answered request (fast path): one workflow task, no memo upsert, no patch marker, and it replays', async () => {
    const result = await harness.router.route({ route: 'ok', messages: [{ role: 'user', content: 'hello' }] });
    const events = await rawEvents(harness, result.workflowId);
    const trails = recordedTrails(events);
    // A new run takes the latest rules without asking patched() (workflows/request-rules.ts): no marker, and no
    // TemporalChangeVersion upsert, which the SDK core writes beside every marker.
    expect(events.filter(isPatchMarker)).toHaveLength(0);
    expect(changeVersionUpserts(events)).toHaveLength(0);
    // Answered on the fast path (docs/workflow-changes.md): the request completed in the workflow task that made the
    // call, so the result records the whole trail in the same task and a memo upsert before the call would add an
    // event for nothing (a task lost mid-call records neither).
    expect(events.filter((event) => event.workflowTaskCompletedEventAttributes)).toHaveLength(1);
    expect(trails).toHaveLength(0);
    const report = await auditWorkflow(harness.client, result.workflowId);
    expect(report.decisions).toMatchObject({ source: 'completion', entries: result.trail, total: result.trail.length });
    expect(report.route).toMatchObject({ reasonSource: 'completion' });
    // Replayed, the unmarked history is read as the latest rules again (the same commands).
    expect(await replayFailures(harness.client, [result.workflowId])).toEqual([]);
  });

  it("an input carrying a policy (the first release's shape) records the folded marker, is refused, and replays as refused", async () => {
    // A hostile caller's attempt to look like a first-release history: were no marker recorded, a replay could not
    // tell it from one and would take the legacy path, which runs the input's policy.
    const workflowId = `legacy-shaped-${randomBytes(6).toString('hex')}`;
    const policy = { version: 'caller-supplied', routes: [] };
    const result = (await harness.client.workflow.execute('routeRequestWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId,
      args: [{ request: { messages: [{ role: 'user', content: 'hello' }] }, policy, policyHash: 'f'.repeat(64) }],
    })) as RouteResult;
    expect(result.outcome).toBe('rejected');
    expect(result.trail.at(-1)).toMatchObject({ step: 'reject', reason: expect.stringContaining('policy') });
    expect(result.attempts).toEqual([]);
    const events = await rawEvents(harness, workflowId);
    expect(patchMarkers(events)).toHaveLength(1);
    expect(events.filter(isPatchMarker)).toHaveLength(1);
    expect(changeVersionUpserts(events)).toHaveLength(1);
    expect(await replayFailures(harness.client, [workflowId])).toEqual([]);
  });

  it('primary (fast path) → retry → fallback: one upsert per task that blocks (the retry timer, the fallback)', async () => {
    const result = await harness.router.route({ route: '503', messages: [{ role: 'user', content: 'fail over' }] });
    const trails = recordedTrails(await rawEvents(harness, result.workflowId));
    // The first upsert comes with the retry timer, in the task that routed and made the fast-path attempt: it
    // carries the route decision and attempt 1 with the retry decision.
    expect(trails.map((trail) => trail.entries.at(-1)?.step)).toEqual(['retry', 'fallback']);
    expect(trails[0]!.entries.map((entry) => entry.step)).toEqual(expect.arrayContaining(['route', 'attempt']));
    for (const trail of trails) expect(trail.entries).toEqual(result.trail.slice(0, trail.entries.length));
  });
});

describe('decisions in the history, encrypted', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      policyFile: 'examples/policies/fault-drill.yaml',
      codecKeys: [{ id: 'dh-k1', key: randomBytes(32) }],
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('the recorded trail goes through the codec like every other payload', async () => {
    const result = await harness.router.route({ route: '503', messages: [{ role: 'user', content: 'secret' }] });
    const events = await rawEvents(harness, result.workflowId);
    const fields = events.flatMap((event) =>
      Object.values(event.workflowPropertiesModifiedEventAttributes?.upsertedMemo?.fields ?? {}),
    );
    expect(fields).toHaveLength(2); // at the retry timer and before the fallback (attempt 1 was the fast path)
    for (const field of fields)
      expect(Buffer.from(field.metadata?.encoding ?? new Uint8Array()).toString()).toBe(ENCRYPTED_ENCODING);
  });
});
