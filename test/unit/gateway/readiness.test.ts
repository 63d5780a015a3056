import { Client, Connection, type WorkflowExecutionDescription } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time.js';
import { afterAll, describe, expect, it } from 'vitest';
import { firstTaskPickedUp, outcomeWaitBoundMs, parkedForReview } from '../../../src/gateway/outcome-wait-bounds.js';
import { createReadinessProbe } from '../../../src/gateway/readiness-probe.js';
import { livePollers, POLLER_WINDOW_MS, readinessOf } from '../../../src/gateway/readiness-verdict.js';
import type { Policy } from '../../../src/policy/schema.js';
import { freePort } from '../../../src/temporal/free-port.js';
import { routeMemo } from '../../../src/temporal/route-memo.js';
import { SEARCH_ATTRIBUTES } from '../../../src/temporal/search-attributes.js';

const NOW = 1_800_000_000_000;
/** A lazy connection to a port where nobody listens: Temporal is down. */
const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 200 });
const client = new Client({ connection });
afterAll(() => connection.close());
const seen = (secondsAgo: number | null) => ({ lastAccessMs: secondsAgo === null ? null : NOW - secondsAgo * 1000 });

describe('readiness verdict', () => {
  it('counts pollers seen within the window (90 s by default)', () => {
    expect(POLLER_WINDOW_MS).toBe(90_000);
    expect(livePollers([seen(1), seen(65), seen(89), seen(91), seen(null)], NOW)).toBe(3);
    expect(livePollers([seen(1), seen(65)], NOW, 30_000)).toBe(1);
  });

  it('is ready only with live workflow and activity pollers, and names what is missing', () => {
    const ready = readinessOf('q', { answered: true, workflow: [seen(2)], activity: [seen(3)] }, NOW);
    expect(ready).toEqual({
      ok: true,
      temporal: true,
      taskQueue: 'q',
      workflowPollers: 1,
      activityPollers: 1,
      missing: [],
      checkedAt: NOW,
    });
    const stale = readinessOf('q', { answered: true, workflow: [seen(200)], activity: [] }, NOW);
    expect(stale).toMatchObject({ ok: false, temporal: true, missing: ['workflow-poller', 'activity-poller'] });
    expect(stale.reason).toContain('for workflow or activity tasks in the last 90 s');
    const noActivities = readinessOf('q', { answered: true, workflow: [seen(1)], activity: [] }, NOW);
    expect(noActivities.missing).toEqual(['activity-poller']);
    const down = readinessOf('q', { answered: false, error: '14 UNAVAILABLE: No connection established' }, NOW);
    expect(down).toMatchObject({ ok: false, temporal: false, missing: ['temporal'] });
    expect(down.reason).toContain('UNAVAILABLE');
  });
});

describe('readiness probe', () => {
  it('says Temporal is missing when nobody answers, within its time limit, and caches the answer', async () => {
    const probe = createReadinessProbe({ client, taskQueue: 'q', timeoutMs: 300, cacheMs: 60_000 });
    const started = Date.now();
    const first = await probe.check();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(first).toMatchObject({ ok: false, temporal: false, missing: ['temporal'] });
    expect(await probe.check()).toBe(first);
  });
});

describe('outcome wait bounds', () => {
  const description = (status: string, historyLength: number, state?: number) =>
    ({
      status: { name: status },
      historyLength,
      raw: { pendingWorkflowTask: state === undefined ? null : { state } },
    }) as unknown as WorkflowExecutionDescription;

  it('knows when a worker picked the first task up', () => {
    expect(firstTaskPickedUp(description('RUNNING', 2, 1))).toBe(false); // scheduled, nobody took it
    expect(firstTaskPickedUp(description('RUNNING', 2, 2))).toBe(true); // started
    expect(firstTaskPickedUp(description('RUNNING', 5))).toBe(true);
    expect(firstTaskPickedUp(description('CANCELLED', 2))).toBe(true);
  });

  it('reads a park from SwitchyardNeedsReview, and its absence by what the memo says the run writes', () => {
    const run = (status: string, needsReview: boolean | undefined, memo: Record<string, unknown>) =>
      ({
        status: { name: status },
        memo,
        typedSearchAttributes: new TypedSearchAttributes(
          needsReview === undefined ? [] : [{ key: SEARCH_ATTRIBUTES.needsReview, value: needsReview }],
        ),
      }) as unknown as WorkflowExecutionDescription;
    const tagged = routeMemo('d'.repeat(64), true);
    const untagged = routeMemo('d'.repeat(64), false);
    expect(parkedForReview(run('RUNNING', true, tagged))).toBe(true);
    // The start no longer sets the attribute: a tagged run without it has not parked.
    expect(parkedForReview(run('RUNNING', undefined, tagged))).toBe(false);
    expect(parkedForReview(run('RUNNING', false, tagged))).toBe(false);
    // A run without search attributes (or a forged memo value) cannot tell: the caller asks status queries.
    expect(parkedForReview(run('RUNNING', undefined, untagged))).toBeNull();
    expect(parkedForReview(run('RUNNING', undefined, { requestDigest: 'x', searchAttributes: 'yes' }))).toBeNull();
    // Runs started before this change set it false at start and still read the same.
    expect(parkedForReview(run('RUNNING', false, { requestDigest: 'x' }))).toBe(false);
    expect(parkedForReview(run('COMPLETED', true, tagged))).toBe(false);
  });

  it('bounds the wait by the longest deadline, the review wait and the slack', () => {
    const policy = {
      defaults: { deadlineMs: 12_000 },
      routes: [{ deadlineMs: 30_000 }, {}],
    } as unknown as Policy;
    expect(outcomeWaitBoundMs(policy, 5000, 60_000)).toBe(95_000);
  });
});

/**
 * A client whose `DescribeTaskQueue` answers with pollers last seen at the fake clock's time, or none once the worker
 * is gone; each answer waits until `release` when `hold` is set. Counts the calls.
 */
function fakeTemporal(clock: { now: number }) {
  const state = { calls: 0, workerGone: false, hold: false, waiting: [] as (() => void)[] };
  const client = {
    options: { namespace: 'default' },
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
    workflowService: {
      describeTaskQueue: async () => {
        state.calls += 1;
        if (state.hold) await new Promise<void>((resolve) => state.waiting.push(resolve));
        return { pollers: state.workerGone ? [] : [{ lastAccessTime: msToTs(clock.now) }] };
      },
    },
  } as unknown as Client;
  const release = () => {
    state.hold = false;
    for (const resolve of state.waiting.splice(0)) resolve();
  };
  return { client, state, release };
}

describe('readiness probe answers for requests', () => {
  it('lets a request through on a recent ready answer while asking again in the background; never a stale not-ready', async () => {
    const clock = { now: NOW };
    const temporal = fakeTemporal(clock);
    const probe = createReadinessProbe({ client: temporal.client, taskQueue: 'q', now: () => clock.now });
    const first = await probe.check({ staleOk: true });
    expect(first).toMatchObject({ ok: true, checkedAt: NOW });
    expect(temporal.state.calls).toBe(2); // workflow and activity pollers

    clock.now = NOW + 500; // within cacheMs: the same answer, nothing asked
    expect(await probe.check({ staleOk: true })).toBe(first);
    expect(temporal.state.calls).toBe(2);

    // Past cacheMs, Temporal slow to answer: the request gets the last ready answer at once.
    clock.now = NOW + 1500;
    temporal.state.hold = true;
    temporal.state.workerGone = true;
    expect(await probe.check({ staleOk: true })).toBe(first);
    expect(temporal.state.calls).toBe(4); // the background question is under way
    // The health route (no staleOk) waits for that same question; so do all further requests sharing it.
    const fresh = probe.check();
    expect(await probe.check({ staleOk: true })).toBe(first);
    expect(temporal.state.calls).toBe(4);
    temporal.release();
    expect(await fresh).toMatchObject({
      ok: false,
      checkedAt: NOW + 1500,
      missing: ['workflow-poller', 'activity-poller'],
    });

    // The last answer is not ready: a request waits for a fresh one instead of trusting it.
    clock.now = NOW + 3000;
    temporal.state.workerGone = false;
    expect(await probe.check({ staleOk: true })).toMatchObject({ ok: true, checkedAt: NOW + 3000 });

    // A ready answer older than staleMs (30 s) is not trusted either.
    clock.now = NOW + 3000 + 31_000;
    temporal.state.workerGone = true;
    expect(await probe.check({ staleOk: true })).toMatchObject({ ok: false, checkedAt: NOW + 34_000 });
  });
});
