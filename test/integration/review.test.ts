import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandle } from '../../src/client/router-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/** Human review on a real server: Update with validator, Signal, deadline, reroute. */
describe('human review', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ policyFile: 'examples/policies/fault-drill.yaml' });
  });
  afterAll(async () => {
    if (harness) expect(await replayFailures(harness.client, harness.started)).toEqual([]);
    await harness?.stop();
  });

  async function parked(text = 'please review me'): Promise<RouteHandle> {
    const handle = await harness.router.start({ route: 'review-always', messages: [{ role: 'user', content: text }] });
    await expect.poll(async () => (await handle.status()).phase, { timeout: 10_000 }).toBe('awaiting-review');
    return handle;
  }

  it('parks the request with a draft, refuses a reviewer who is not allowed, then takes an allowed decision', async () => {
    const handle = await parked();
    const status = await handle.status();
    expect(status.review).toMatchObject({
      reason: expect.stringContaining('always asks for review'),
      draftModel: 'ok',
    });
    expect(status.review?.draft).toContain('simulated answer');

    const refused = handle.resolveReview({ reviewer: 'mallory@example.com', decision: 'approve-draft' });
    await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(refused).rejects.toMatchObject({
      cause: { message: "reviewer: mallory@example.com is not on the policy's reviewer allow-list" },
    });
    await expect(
      handle.resolveReview({ reviewer: 'reviewer@example.com', decision: 'reply-with-text' }),
    ).rejects.toMatchObject({
      cause: { message: 'text: required for reply-with-text' },
    });

    const ack = await handle.resolveReview({ reviewer: 'reviewer@example.com', decision: 'approve-draft' });
    expect(ack).toEqual({ accepted: true, workflowId: handle.workflowId, decision: 'approve-draft' });
    const result = await handle.result();
    expect(result.outcome).toBe('reviewed');
    expect(result.model).toBe('ok');
    expect(result.answer).toBe(status.review?.draft);
    expect(result.review).toMatchObject({ reviewer: 'reviewer@example.com', decision: 'approve-draft' });
    expect(result.trail).toContainEqual(
      expect.objectContaining({
        step: 'review',
        outcome: 'approve-draft',
        reason: 'approve-draft by reviewer@example.com',
      }),
    );
    // A second decision is refused: the review is over.
    await expect(handle.resolveReview({ reviewer: 'reviewer@example.com', decision: 'reject' })).rejects.toBeDefined();
  });

  it('accepts a reply through the Signal and records an invalid signal in the trail', async () => {
    const handle = await parked();
    await handle.signalReview({ reviewer: 'nobody@example.com', decision: 'reject' });
    await handle.signalReview({
      reviewer: 'reviewer@example.com',
      decision: 'reply-with-text',
      text: 'A person wrote this.',
    });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'reviewed', answer: 'A person wrote this.', model: null });
    expect(result.trail).toContainEqual(
      expect.objectContaining({
        step: 'review',
        outcome: 'signal-ignored',
        reason: "reviewer: nobody@example.com is not on the policy's reviewer allow-list",
      }),
    );
  });

  it('reroutes to a model chosen by the reviewer', async () => {
    const handle = await parked();
    await handle.resolveReview({ reviewer: 'reviewer@example.com', decision: 'reroute-to-model', model: 'no-done' });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'reviewed', model: 'no-done' });
    expect(result.attempts.map((attempt) => attempt.role)).toEqual(['draft', 'reviewer-reroute']);
  });

  it('degrades when the review deadline passes (deadline given as input)', async () => {
    const handle = await harness.router.start(
      { route: 'review-always', messages: [{ role: 'user', content: 'nobody will answer' }] },
      { reviewDeadlineMs: 1500 },
    );
    const result = await handle.result();
    expect(result.outcome).toBe('degraded');
    expect(result.trail.at(-1)).toMatchObject({ step: 'degrade', reason: 'review deadline passed without a decision' });
  });
});
