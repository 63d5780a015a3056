import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { historyFromJson } from '../../src/audit/history-json.js';
import { replayHistories } from '../../src/audit/verify-replay.js';
import { reviewerPublicKeysOf } from '../../src/auth/reviewer-keys.js';
import { signReviewDecision } from '../../src/review/submit.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const REVIEWER_TOKEN = 'reviewer-token-0123456789abcdef';
/**
 * The review webhook: a team hears about a parked request (signed, retried, no request text). It was added
 * to the workflow behind `patched('review-webhook')`; histories recorded before the change still replay.
 */
describe('review webhook (a patched workflow change)', () => {
  let harness: Harness;
  let server: Server;
  const received: { body: string; signature: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ body, signature: request.headers['x-switchyard-signature'] as string | undefined });
        response.statusCode = received.length === 1 ? 503 : 204; // the first delivery fails: Temporal retries it
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/review`;
    const policy = readFileSync('examples/policies/fault-drill.yaml', 'utf8').replace(
      'review:\n',
      `review:\n  webhook: { url: '${url}', signingSecretEnv: TEST_WEBHOOK_SECRET, linkBaseUrl: 'http://127.0.0.1:9/review' }\n`,
    );
    harness = await startHarness({
      policyYaml: policy,
      activities: { env: { TEST_WEBHOOK_SECRET: 'webhook-secret-for-tests' } },
      reviewerKeys: reviewerPublicKeysOf({ [REVIEWER_TOKEN]: 'reviewer@example.com' }),
    });
  });
  afterAll(async () => {
    await harness?.stop();
    server?.close();
  });

  it('notifies the team when a request enters review, signed, retried, without request text', async () => {
    const handle = await harness.router.start({
      route: 'review-always',
      messages: [{ role: 'user', content: 'my secret complaint text' }],
    });
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(2);
    const delivered = received[1]!;
    expect(delivered.signature).toBe(
      `sha256=${createHmac('sha256', 'webhook-secret-for-tests').update(delivered.body).digest('hex')}`,
    );
    expect(JSON.parse(delivered.body)).toMatchObject({
      event: 'review.requested',
      workflowId: handle.workflowId,
      route: 'review-always',
      link: `http://127.0.0.1:9/review/requests/${handle.workflowId}`,
    });
    expect(delivered.body).not.toContain('secret complaint');

    await handle.resolveReview(
      signReviewDecision(REVIEWER_TOKEN, handle.workflowId, { reviewer: 'reviewer@example.com', decision: 'reject' }),
    );
    const result = await handle.result();
    expect(result.trail).toContainEqual({ step: 'review', outcome: 'notified', reason: 'review webhook delivered' });
    const events = (await harness.client.workflow.getHandle(handle.workflowId).fetchHistory()).events ?? [];
    const patchIds = events
      .filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch')
      .flatMap((event) => Object.values(event.markerRecordedEventAttributes?.details ?? {}))
      .flatMap((payloads) => payloads.payloads ?? [])
      .map((payload) => Buffer.from(payload.data ?? new Uint8Array()).toString('utf8'));
    // Requests since workers own their policies always notify (today's take the latest rules without a marker,
    // workflows/request-rules.ts); the `review-webhook` check is left to older histories.
    expect(patchIds).toEqual([]);
    expect(await replayFailures(harness.client, [handle.workflowId])).toEqual([]);
  });

  it('replays a review history recorded before the change (no patch marker: the old path, no webhook)', async () => {
    const history = historyFromJson(readFileSync('test/fixtures/histories/review-update-approve.json', 'utf8'));
    const markerNames = (history.events ?? [])
      .map((event) => event.markerRecordedEventAttributes?.markerName)
      .filter(Boolean);
    expect(markerNames).not.toContain('core_patch');
    const report = await replayHistories([{ workflowId: 'pre-change-review', history }], {
      workflowBundlePath: inject('workflowBundlePath'),
    });
    expect(report).toEqual({ replayed: 1, failures: 0, details: [] });
  });
});
