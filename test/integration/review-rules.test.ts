import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { reviewerPublicKeysOf } from '../../src/auth/reviewer-keys.js';
import type { RouteHandle } from '../../src/client/router-client.js';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import type { ChatMessage } from '../../src/policy/types.js';
import type { ReviewQueueItem } from '../../src/review/review-queue.js';
import { runCli } from '../e2e/support/run-cli.js';
import { type Harness, startHarness, temporalFlags } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const INTERIM = 'Thanks, a person will review this and reply shortly.';

/**
 * Drafts are written like any attempt (retry, fall back across draft models, survive a worker crash), and the
 * conversation review rules park requests with their reason. Draft models: `draft-503` (always 503) first, then
 * `draft-slow` (healthy, 1.5 s before it answers, so a worker can be killed in the middle of it).
 */
const POLICY = `
version: review-rules-test-1
defaults:
  timeoutMs: 3000
  firstTokenTimeoutMs: 3000
  idleTimeoutMs: 3000
  deadlineMs: 30000
  retries: 1
  retryDelayMs: 50
  maxOutputTokens: 128
  degradeMessage: "${INTERIM}"
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake, id: ok, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  bad-json: { provider: fake, id: bad-json, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  draft-503: { provider: fake, id: '503', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  draft-slow: { provider: fake, id: 'ok:latency=1500', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
routes:
  - name: custom-rules
    when: { metadata: { channel: custom } }
    primary: ok
    review:
      rules:
        identityDoubt: { patterns: ['\\bwho (is|are) (this|you)\\b'] }
        stillConfused: { keywords: [no entiendo] }
        askedForDetailsTwice: false
  - name: default
    primary: ok
  # Reached only by forcing (access.forceRoutes): the policy's route for these requests is still \`default\`.
  - name: review-always
    primary: ok
    review: always
  - name: json-answer
    primary: bad-json
    responseFormat: { type: json }
review:
  reviewers: [alice@example.com]
  deadline: 10m
  draftModels: [draft-503, draft-slow]
  when: { onExhausted: true }
  rules: { stillConfused: true, askedForDetailsTwice: true, identityDoubt: true }
access: { forceRoutes: all, metadataKeys: [channel] }
# Every request here meets draft-503: an open circuit would skip it (tested in circuit-breaker tests).
circuitBreaker: { enabled: false }
`;

const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });

describe('conversation review rules and drafts that survive faults', () => {
  let harness: Harness;
  let policyFile: string;
  let child: ChildProcess | undefined;
  let gateway: Gateway | undefined;

  beforeAll(async () => {
    policyFile = join(mkdtempSync(join(tmpdir(), 'review-rules-')), 'policy.yaml');
    writeFileSync(policyFile, POLICY);
    harness = await startHarness({ policyFile });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await gateway?.close();
    if (harness) expect(await replayFailures(harness.client, harness.started)).toEqual([]);
    await harness?.stop();
  });

  async function parked(route: string | undefined, messages: ChatMessage[]): Promise<RouteHandle> {
    const custom = route === 'custom-rules';
    const handle = await harness.router.start({
      ...(route && !custom ? { route } : {}),
      ...(custom ? { metadata: { channel: 'custom' } } : {}),
      messages,
    });
    await expect.poll(async () => (await handle.status()).phase, { timeout: 20_000 }).toBe('awaiting-review');
    return handle;
  }

  async function replyAndFinish(handle: RouteHandle): Promise<void> {
    const decision = {
      reviewer: 'alice@example.com',
      decision: 'reply-with-text' as const,
      text: 'Hello from a person.',
    };
    await handle.resolveReview(harness.signDecision(handle.workflowId, decision));
    expect((await handle.result()).outcome).toBe('reviewed');
  }

  it('parks on each conversation rule with the built-in detectors, the reason naming the rule', async () => {
    const cases: [string, ChatMessage[]][] = [
      [
        'askedForDetailsTwice',
        [
          user('My parcel never came.'),
          assistant('Sorry about that! Could you share your order number?'),
          user('I bought it last week.'),
          assistant('Thanks. Please confirm the email address you used for the order.'),
          user('The usual one.'),
        ],
      ],
      [
        'stillConfused',
        [user('Why was I charged twice?'), assistant('One charge is a pending hold.'), user("I still don't get it")],
      ],
      [
        'identityDoubt',
        [user('hello'), assistant('Hi, how can I help?'), user('Wait, am I talking to a real person?')],
      ],
    ];
    const handles = await Promise.all(cases.map(([, messages]) => parked(undefined, messages)));
    for (const [index, handle] of handles.entries()) {
      const { review } = await handle.status();
      expect(review?.reason).toMatch(new RegExp(`^${cases[index]![0]}: `));
      expect(review?.draftModel).toBe('draft-slow');
    }
    await Promise.all(handles.map(replyAndFinish));

    // One request for details and a thank-you trip no rule: a model answers.
    const calm = await harness.router.start({
      messages: [
        user('Where is my order?'),
        assistant('Could you share your order number?'),
        user('It is 1234, thanks!'),
      ],
    });
    expect((await calm.result()).outcome).toBe('answered');
  });

  it("parks on a route's own patterns and keywords, and a route can turn a policy rule off", async () => {
    const byPattern = await parked('custom-rules', [user('who is this?')]);
    expect((await byPattern.status()).review?.reason).toMatch(/^identityDoubt: .*turn\(s\) 1/);
    const byKeyword = await parked('custom-rules', [user('hola'), assistant('Hello!'), user('No entiendo nada')]);
    expect((await byKeyword.status()).review?.reason).toMatch(/^stillConfused: /);
    await Promise.all([byPattern, byKeyword].map(replyAndFinish));

    // askedForDetailsTwice is off on this route; the built-in identity detector is replaced by its pattern.
    const answered = await harness.router.start({
      metadata: { channel: 'custom' },
      messages: [
        user('hi'),
        assistant('Could you share your order number?'),
        user('x'),
        assistant('Please provide your email.'),
        user('is this a bot?'),
      ],
    });
    expect((await answered.result()).outcome).toBe('answered');
  });

  it('falls back from a draft model answering 503 and attaches every failed answer with its text and error', async () => {
    const handle = await parked('json-answer', [user('Give me my order as JSON')]);
    const { review, attempts } = await handle.status();
    expect(review?.reason).toMatch(/all 1 model\(s\) tried failed/);
    // The draft: draft-503 failed twice (retried once), then draft-slow wrote it.
    expect(
      attempts.filter((attempt) => attempt.role === 'draft').map((a) => `${a.model}:${a.errorType ?? 'ok'}`),
    ).toEqual(['draft-503:Overloaded', 'draft-503:Overloaded', 'draft-slow:ok']);
    expect(review?.draft).toBeTruthy();
    expect(review?.draftMissing).toBeNull();
    const badJson = review?.failedOutputs?.filter((output) => output.model === 'bad-json') ?? [];
    expect(badJson).toHaveLength(2);
    for (const output of badJson) {
      expect(output.text).toBeTruthy();
      expect(output.error).toMatch(/^OutputFormatInvalid/);
    }
    expect(review?.failedOutputs?.filter((output) => output.model === 'draft-503')).toHaveLength(2);
    await replyAndFinish(handle);
  });

  it('review list --json prints items with workflowId, kind and reason', async () => {
    const handle = await parked(undefined, [user('hi'), assistant('Hello!'), user('this is not my account')]);
    let items: ReviewQueueItem[] = [];
    await expect
      .poll(
        async () => {
          const run = await runCli(['review', 'list', '--json', ...temporalFlags(harness)]);
          expect(run.code, run.stderr).toBe(0);
          items = JSON.parse(run.stdout) as ReviewQueueItem[];
          return items.some((item) => item.workflowId === handle.workflowId);
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    for (const item of items)
      expect(item).toEqual(expect.objectContaining({ workflowId: expect.any(String), kind: 'review' }));
    expect(items.find((item) => item.workflowId === handle.workflowId)?.reason).toMatch(/^identityDoubt: /);
    await replyAndFinish(handle);
  });

  it('gives a gateway caller the interim message as soon as the request parks', async () => {
    gateway = await startGateway({ router: harness.router, client: harness.client, policy: harness.policy, port: 0 });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'review-always', messages: [user('please look at this')] }),
    });
    const answeredAt = Date.now();
    expect(response.status).toBe(202);
    expect(response.headers.get('x-switchyard-outcome')).toBe('pending-review');
    const body = (await response.json()) as { choices: { message: { content: string } }[]; model: string };
    expect(body.model).toBe('switchyard/pending-review');
    expect(body.choices[0]!.message.content).toBe(INTERIM);
    const workflowId = response.headers.get('x-switchyard-workflow-id')!;
    const handle = harness.router.handle(workflowId);
    harness.started.push(workflowId);
    const { phase, review } = await handle.status();
    expect(phase).toBe('awaiting-review'); // answered while the request still waits for a person
    console.log(`gateway: 202 ${answeredAt - Date.parse(review!.requestedAt)} ms after the request parked`);
    await replyAndFinish(handle);
  });

  it('still leaves a draft when the worker writing it is killed', async () => {
    const taskQueue = `draft-crash-${Date.now()}`;
    const byToken = Object.fromEntries(Object.entries(harness.reviewerTokens).map(([who, token]) => [token, who]));
    const reviewerKeys = reviewerPublicKeysOf(byToken);
    child = spawn(
      process.execPath,
      [
        'bin/switchyard.js',
        'worker',
        '--policy',
        policyFile,
        '--task-queue',
        taskQueue,
        '--address',
        inject('temporalAddress'),
      ],
      {
        env: {
          ...process.env,
          SWITCHYARD_FAKE_PROVIDER_URL: harness.fake.url,
          SWITCHYARD_LOG_LEVEL: 'warn',
          // Recorded at the start (resolvePolicy): the reviewer's key must be known to the worker that starts it.
          SWITCHYARD_REVIEWER_KEYS: Object.entries(reviewerKeys)
            .map(([who, key]) => `${who}=${key}`)
            .join(','),
        },
        stdio: 'ignore',
      },
    );
    const { RouterClient } = await import('../../src/client/router-client.js');
    const router = new RouterClient({ client: harness.client, policy: harness.policy, taskQueue });
    const handle = await router.start({ route: 'review-always', messages: [user('survive a crash while drafting')] });
    harness.started.push(handle.workflowId);

    // Kill the worker while draft-slow is writing the draft (its request reached the provider).
    const drafting = () =>
      harness.fake.attempts({ workflowId: handle.workflowId }).filter((attempt) => attempt.model === 'ok:latency=1500');
    await expect.poll(() => drafting().length, { timeout: 30_000, interval: 50 }).toBe(1);
    child.kill('SIGKILL');

    const { NativeConnection } = await import('@temporalio/worker');
    const { createSwitchyardWorker } = await import('../../src/worker/create-worker.js');
    const { loadWorkerTrust } = await import('../../src/worker/worker-config.js');
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const worker = await createSwitchyardWorker({
      connection,
      trust: { ...loadWorkerTrust({ loaded: [harness.policy] }, { env: {} }), reviewerKeys },
      taskQueue,
      workflowBundlePath: inject('workflowBundlePath'),
      activities: { fakeProviderUrl: harness.fake.url },
    });
    const result = await worker.runUntil(async () => {
      await expect.poll(async () => (await handle.status()).phase, { timeout: 30_000 }).toBe('awaiting-review');
      const { review } = await handle.status();
      expect(review?.draft).toBeTruthy();
      expect(review?.draftModel).toBe('draft-slow');
      const decision = { reviewer: 'alice@example.com', decision: 'approve-draft' as const };
      await handle.resolveReview(harness.signDecision(handle.workflowId, decision));
      return handle.result();
    });
    await connection.close();

    expect(result.outcome).toBe('reviewed');
    const drafts = result.attempts.filter((attempt) => attempt.role === 'draft');
    expect(drafts.map((attempt) => `${attempt.model}:${attempt.errorType ?? 'ok'}`)).toEqual([
      'draft-503:Overloaded',
      'draft-503:Overloaded',
      'draft-slow:ActivityTimeout',
      'draft-slow:ok',
    ]);
    expect(result.answer).toBeTruthy();
    expect(result.trail).toContainEqual(expect.objectContaining({ step: 'review', outcome: 'draft-retry' }));
  });
});
