import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectRequestOutput } from '../../activities/types.js';
import { RouterClient } from '../../src/client/router-client.js';
import { digestOf } from '../../src/policy/signatures.js';
import type { RouteRequest, RouteResult } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const POLICY = `
version: inspect-ahead-1
defaults: { timeoutMs: 2000, firstTokenTimeoutMs: 1500, deadlineMs: 15000, retries: 0, maxOutputTokens: 64 }
providers:
  fake-openai: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake-openai, id: ok, contextTokens: 16000, price: { inputPer1M: 0.15, outputPer1M: 0.6 } }
routes:
  - { name: ok, primary: ok }
`;

const HARMLESS: RouteRequest = { messages: [{ role: 'user', content: 'Wie spät ist es in Berlin, bitte?' }] };
const PERSONAL: RouteRequest = {
  messages: [{ role: 'user', content: 'Please email jane.doe@example.com, her IBAN is DE89 3704 0044 0532 0130 00' }],
};

const json = (data: Uint8Array | null | undefined) =>
  data ? (JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, unknown>) : null;

/** The inspection recorded in the history's resolvePolicy marker. */
async function recordedInspection(harness: Harness, workflowId: string): Promise<InspectRequestOutput | undefined> {
  const events: HistoryEvent[] = (await harness.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  for (const event of events) {
    const details = event.markerRecordedEventAttributes?.details;
    if (json(details?.data?.payloads?.[0]?.data)?.activity_type !== 'resolvePolicy') continue;
    return json(details?.result?.payloads?.[0]?.data)?.inspection as InspectRequestOutput | undefined;
  }
  return undefined;
}

/** A RouterClient on the same worker that offers nothing ahead (as a separate process's client would). */
const plainRouter = (harness: Harness) =>
  new RouterClient({ client: harness.client, policy: harness.policy, taskQueue: harness.taskQueue });

/** What may differ between two runs of one request: latencies and the fake provider's per-request reference. */
const comparable = (result: RouteResult) => ({
  outcome: result.outcome,
  model: result.model,
  answer: result.answer?.replace(/\(ref \w+\)/, '(ref)'),
  trail: result.trail.map((entry) => ({ ...entry, reason: entry.reason.replace(/\d+ ?ms/g, 'N ms') })),
});

/** Inspection ahead of the workflow (activities/inspections-ahead.ts): the same record, whoever inspected. */
describe('inspections made ahead of their workflow', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('a request started in the worker process is inspected ahead, and records what inspecting in the activity records', async () => {
    const ahead$ = harness.inspectionsAhead!;
    const take = ahead$.take.bind(ahead$);
    let handedOver = 0;
    ahead$.take = (...args) => {
      const taken = take(...args);
      if (taken) handedOver += 1;
      return taken;
    };
    for (const request of [HARMLESS, PERSONAL]) {
      const ahead: RouteResult = await harness.router.route({ ...request, route: 'ok' });
      const plain: RouteResult = await plainRouter(harness).route({ ...request, route: 'ok' });
      expect(comparable(ahead)).toEqual(comparable(plain));
      const [aheadInspection, plainInspection] = await Promise.all([
        recordedInspection(harness, ahead.workflowId),
        recordedInspection(harness, plain.workflowId),
      ]);
      expect(aheadInspection).toBeDefined();
      expect(aheadInspection).toEqual(plainInspection);
    }
    expect(handedOver).toBe(2);
    expect(ahead$.size).toBe(0); // every offer was taken
    ahead$.take = take;
    const personal = await recordedInspection(harness, harness.started.at(-1)!);
    expect(personal?.privacy.dataClass).not.toBe('public');
  });

  it('an inspection offered for another request under the same workflow id is never recorded for it', async () => {
    const workflowId = `route-inspect-ahead-forged-${Date.now()}`;
    const routed = { ...PERSONAL, route: 'ok' };
    const decoy = { ...HARMLESS, route: 'ok' };
    // The worker inspects the harmless decoy under the id the personal request then starts with.
    harness.inspectionsAhead!.offer(workflowId, { request: decoy }, digestOf(decoy));
    await new Promise((resolve) => setImmediate(resolve));
    const result = await (await plainRouter(harness).start(routed, { workflowId })).result();
    const reference = await plainRouter(harness).route(routed);
    expect(await recordedInspection(harness, workflowId)).toEqual(
      await recordedInspection(harness, reference.workflowId),
    );
    expect((await recordedInspection(harness, workflowId))?.privacy.dataClass).not.toBe('public');
    expect(comparable(result)).toEqual(comparable(reference));
    expect(harness.inspectionsAhead?.size).toBe(0);
  });

  it('every history replays', async () => {
    expect(await replayFailures(harness.client, harness.started)).toEqual([]);
  });
});
