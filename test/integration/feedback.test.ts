import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFeedback } from '../../src/feedback/collect-feedback.js';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import type { FeedbackRecord } from '../../workflows/feedback.js';
import { runCli } from '../e2e/support/run-cli.js';
import { type Harness, startHarness, temporalFlags } from '../support/harness.js';

const POLICY = `
version: feedback-test-1
defaults: { timeoutMs: 10000, firstTokenTimeoutMs: 10000, deadlineMs: 30000, retries: 0, maxOutputTokens: 64 }
providers:
  fake: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  cheap: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
routes:
  - { name: general, primary: cheap }
`;
const ALICE = 'alice-key-0123456789abcdefghij';
const BOB = 'bob-key-0123456789abcdefghijkl';

/**
 * Feedback on a real dev server: through the gateway (API keys, own requests only, bounded body, OpenAI errors) and
 * the CLI, stored as feedback workflows that a later feedback replaces.
 */
describe('feedback', () => {
  let harness: Harness;
  let gateway: Gateway;
  const since = new Date(Date.now() - 60_000);

  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY });
    gateway = await startGateway({
      router: harness.router,
      client: harness.client,
      policy: harness.policy,
      port: 0,
      apiKeys: [
        { name: 'alice', key: ALICE },
        { name: 'bob', key: BOB },
      ],
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await harness?.stop();
  });

  const post = (path: string, key: string | null, body: unknown) =>
    fetch(`${gateway.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const feedbackOf = async (workflowId: string) =>
    (await harness.client.workflow.getHandle(`feedback-${workflowId}`).result()) as FeedbackRecord;

  it('records feedback through the gateway for the caller’s own request; another feedback replaces it', async () => {
    const asked = await post('/v1/chat/completions', ALICE, {
      model: 'auto',
      messages: [{ role: 'user', content: 'Where is my order?' }],
    });
    expect(asked.status).toBe(200);
    const completion = (await asked.json()) as { id: string };

    const requestId = `fb-${Date.now()}`;
    const routed = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE}`, 'idempotency-key': requestId },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Has my package shipped?' }] }),
    });
    expect(routed.status).toBe(200);
    const workflowId = `route-alice/${requestId}`;
    expect(routed.headers.get('x-switchyard-workflow-id')).toBe(workflowId);

    const given = await post('/v1/feedback', ALICE, { request_id: requestId, rating: 'good', comment: 'spot on' });
    expect(given.status).toBe(200);
    expect(await given.json()).toMatchObject({
      object: 'feedback',
      id: `feedback-${workflowId}`,
      request_id: requestId,
      workflow_id: workflowId,
      rating: 'good',
      comment: 'spot on',
    });
    expect(await feedbackOf(workflowId)).toMatchObject({ workflowId, requestId, verdict: 'good', by: 'alice' });

    // The completion id names the request too; `score: 0` is a bad rating; the newest feedback counts.
    const byCompletion = await post('/v1/feedback', ALICE, { id: completion.id, score: 0 });
    expect(byCompletion.status).toBe(200);
    expect(await byCompletion.json()).toMatchObject({ workflow_id: completion.id.replace(/^chatcmpl-/, '') });
    const replaced = await post('/v1/feedback', ALICE, { request_id: requestId, score: 0 });
    expect(replaced.status).toBe(200);
    expect(await feedbackOf(workflowId)).toMatchObject({ verdict: 'bad' });
    await expect
      .poll(
        async () =>
          (await collectFeedback(harness.client, { since, taskQueue: harness.taskQueue })).get(workflowId)?.verdict,
        {
          timeout: 15_000,
        },
      )
      .toBe('bad');

    // Bob cannot rate Alice's request, by request id or by workflow id: it is not found for him.
    for (const body of [
      { request_id: requestId, rating: 'bad' },
      { id: workflowId, rating: 'bad' },
    ]) {
      const refused = await post('/v1/feedback', BOB, body);
      expect(refused.status).toBe(404);
      const error = ((await refused.json()) as { error: { param: string; code: string } }).error;
      expect(error).toMatchObject({ code: 'request_not_found', param: 'request_id' in body ? 'request_id' : 'id' });
    }
    expect(await feedbackOf(workflowId)).toMatchObject({ verdict: 'bad', by: 'alice' });
  });

  it('refuses unknown requests, bad fields, huge bodies and missing keys in the OpenAI error format', async () => {
    const unknown = await post('/v1/feedback', ALICE, { request_id: 'no-such-request', rating: 'good' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: { type: 'invalid_request_error', param: 'request_id', code: 'request_not_found' },
    });
    await expect(
      harness.client.workflow.getHandle('feedback-route-alice/no-such-request').describe(),
    ).rejects.toThrow();

    const cases: [unknown, string][] = [
      [{ rating: 'good' }, 'request_id'],
      [{ request_id: 'x' }, 'rating'],
      [{ request_id: 'x', rating: 'meh' }, 'rating'],
      [{ request_id: 'x', score: 2 }, 'score'],
      [{ request_id: 'x', rating: 'good', comment: 7 }, 'comment'],
      [{ request_id: 'x', rating: 'good', comment: 'c'.repeat(2001) }, 'comment'],
    ];
    for (const [body, param] of cases) {
      const refused = await post('/v1/feedback', ALICE, body);
      expect(refused.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(((await refused.json()) as { error: { param: string } }).error.param).toBe(param);
    }

    const huge = await post('/v1/feedback', ALICE, { request_id: 'x', rating: 'good', comment: 'c'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'request_too_large' } });

    const anonymous = await post('/v1/feedback', null, { request_id: 'x', rating: 'good' });
    expect(anonymous.status).toBe(401);
  });

  it('records feedback from the CLI by workflow id, and refuses an unknown id', async () => {
    const handle = await harness.router.start({ messages: [{ role: 'user', content: 'Where is my parcel?' }] });
    await handle.result();
    const flags = temporalFlags(harness);
    const run = await runCli([
      'feedback',
      handle.workflowId,
      '--bad',
      '--comment',
      'wrong parcel',
      '--by',
      'ops',
      '--json',
      ...flags,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ workflowId: handle.workflowId, verdict: 'bad', by: 'ops' });
    expect(await feedbackOf(handle.workflowId)).toMatchObject({ verdict: 'bad', comment: 'wrong parcel', by: 'ops' });

    const missing = await runCli(['feedback', 'route-nothing-here', '--good', ...flags]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no request "route-nothing-here"');
    const neither = await runCli(['feedback', handle.workflowId, ...flags]);
    expect(neither.code).not.toBe(0);
    expect(neither.stderr).toContain('exactly one of --good, --bad');
  }, 60_000);
});
