import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewerPublicKeysOf } from '../../src/auth/reviewer-keys.js';
import type { RouteHandle } from '../../src/client/router-client.js';
import { signReviewDecision, type UnsignedReviewDecision } from '../../src/review/submit.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const REVIEWER = 'reviewer@example.com';
const REVIEWER_TOKEN = 'reviewer-token-0123456789abcdef';
/** Has a key on the worker but is not on the policy's allow-list. */
const MALLORY_TOKEN = 'mallory-token-0123456789abcdef';

/** Human review on a real server: signed decisions through the Update (validator) and the Signal, deadline, reroute. */
describe('human review', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      policyFile: 'examples/policies/fault-drill.yaml',
      reviewerKeys: reviewerPublicKeysOf({ [REVIEWER_TOKEN]: REVIEWER, [MALLORY_TOKEN]: 'mallory@example.com' }),
    });
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

  const signed = (handle: RouteHandle, decision: UnsignedReviewDecision, token = REVIEWER_TOKEN) =>
    signReviewDecision(token, handle.workflowId, decision);

  /** A raw Signal, as any Temporal client can send it (no types, no signing). */
  const rawSignal = (handle: RouteHandle, decision: unknown) =>
    harness.client.workflow.getHandle(handle.workflowId).signal('resolveReviewSignal', decision);

  it('parks the request with a draft, refuses a reviewer who is not allowed, then takes an allowed decision', async () => {
    const handle = await parked();
    const status = await handle.status();
    expect(status.review).toMatchObject({
      reason: expect.stringContaining('always asks for review'),
      draftModel: 'ok',
    });
    expect(status.review?.draft).toContain('simulated answer');

    const refused = handle.resolveReview(
      signed(handle, { reviewer: 'mallory@example.com', decision: 'approve-draft' }, MALLORY_TOKEN),
    );
    await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(refused).rejects.toMatchObject({
      cause: { message: "reviewer: mallory@example.com is not on the policy's reviewer allow-list" },
    });
    await expect(
      handle.resolveReview(signed(handle, { reviewer: REVIEWER, decision: 'reply-with-text' })),
    ).rejects.toMatchObject({
      cause: { message: 'text: required for reply-with-text' },
    });

    const ack = await handle.resolveReview(signed(handle, { reviewer: REVIEWER, decision: 'approve-draft' }));
    expect(ack).toEqual({ accepted: true, workflowId: handle.workflowId, decision: 'approve-draft' });
    const result = await handle.result();
    expect(result.outcome).toBe('reviewed');
    expect(result.model).toBe('ok');
    expect(result.answer).toBe(status.review?.draft);
    expect(result.review).toMatchObject({ reviewer: REVIEWER, decision: 'approve-draft' });
    expect(result.trail).toContainEqual(
      expect.objectContaining({ step: 'review', outcome: 'approve-draft', reason: `approve-draft by ${REVIEWER}` }),
    );
    // A second decision is refused: the review is over.
    await expect(
      handle.resolveReview(signed(handle, { reviewer: REVIEWER, decision: 'reject' })),
    ).rejects.toBeDefined();
  });

  it('refuses unsigned and forged Updates in the validator: nothing reaches history', async () => {
    const handle = await parked();
    const unsigned = handle.resolveReview({ reviewer: REVIEWER, decision: 'reject' } as never);
    await expect(unsigned).rejects.toMatchObject({ cause: { message: expect.stringMatching(/^signature: required/) } });
    // Mallory's token (a key the worker knows) claiming to be the allow-listed reviewer.
    const forged = handle.resolveReview(signed(handle, { reviewer: REVIEWER, decision: 'reject' }, MALLORY_TOKEN));
    await expect(forged).rejects.toMatchObject({
      cause: {
        message: `signature: not valid for reviewer ${REVIEWER} on this request (wrong token, or the decision was changed)`,
      },
    });
    // A genuine signature for another request does not carry over.
    const elsewhere = signReviewDecision(REVIEWER_TOKEN, 'route-some-other-request', {
      reviewer: REVIEWER,
      decision: 'reject',
    });
    await expect(handle.resolveReview(elsewhere)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/^signature: not valid/) },
    });
    const history = await harness.client.workflow.getHandle(handle.workflowId).fetchHistory();
    expect(history.events?.some((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
    expect((await handle.status()).phase).toBe('awaiting-review');
    await handle.resolveReview(signed(handle, { reviewer: REVIEWER, decision: 'reject' }));
    expect((await handle.result()).outcome).toBe('reviewed');
  });

  it('ignores and counts an unsigned Signal from an allow-listed name; takes a signed one, recorded canonically', async () => {
    const handle = await parked();
    await rawSignal(handle, { reviewer: REVIEWER, decision: 'reject' });
    await rawSignal(handle, { reviewer: ` ${REVIEWER.toUpperCase()} `, decision: 'reject' });
    await expect.poll(async () => (await handle.status()).rejectedSignals, { timeout: 10_000 }).toBe(2);
    expect((await handle.status()).phase).toBe('awaiting-review');

    // Any spelling that canonicalises to the key's owner, signed with their token, is that reviewer.
    await handle.signalReview(
      signed(handle, { reviewer: ' REVIEWER@example.COM ', decision: 'reply-with-text', text: 'A person wrote this.' }),
    );
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'reviewed', answer: 'A person wrote this.', model: null });
    expect(result.review).toMatchObject({ reviewer: REVIEWER, decision: 'reply-with-text' });
    expect(result.trail).toContainEqual(
      expect.objectContaining({ step: 'review', outcome: 'reply-with-text', reason: `reply-with-text by ${REVIEWER}` }),
    );
    const ignored = result.trail.filter((entry) => entry.outcome === 'signal-ignored');
    expect(ignored).toHaveLength(2);
    expect(ignored[0]?.reason).toMatch(/^signature: required/);
  });

  it('survives 25 invalid Signals with 100 KB reviewer names: status works, the real reviewer decides', async () => {
    const handle = await parked();
    const huge = `${'A'.repeat(100_000)}@example.com`;
    for (let index = 0; index < 25; index += 1) {
      await rawSignal(handle, { reviewer: huge, decision: 'reject', note: `flood ${index}` });
    }
    await expect.poll(async () => (await handle.status()).rejectedSignals, { timeout: 20_000 }).toBe(25);
    const status = await handle.status();
    expect(status.phase).toBe('awaiting-review');
    const ignored = status.trail.filter((entry) => entry.outcome === 'signal-ignored');
    expect(ignored).toHaveLength(5);
    expect(ignored[0]?.reason).toBe('reviewer: too long (100012 characters; at most 320)');
    expect(ignored[4]?.reason).toContain('further invalid signals are only counted');
    expect(JSON.stringify(status).length).toBeLessThan(20_000);

    const ack = await handle.resolveReview(signed(handle, { reviewer: REVIEWER, decision: 'reject', note: 'flooded' }));
    expect(ack).toMatchObject({ accepted: true, decision: 'reject' });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'reviewed', review: { reviewer: REVIEWER, note: 'flooded' } });
  }, 90_000);

  it('reroutes to a model chosen by the reviewer', async () => {
    const handle = await parked();
    await handle.resolveReview(signed(handle, { reviewer: REVIEWER, decision: 'reroute-to-model', model: 'no-done' }));
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
