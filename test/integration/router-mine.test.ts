import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandle } from '../../src/client/router-client.js';
import { recordFeedback } from '../../src/feedback/record-feedback.js';
import type { RouteRequest } from '../../src/policy/types.js';
import { runCli } from '../e2e/support/run-cli.js';
import { type Harness, startHarness, temporalFlags } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const REVIEWER = 'reviewer@example.com';
const POLICY = `
version: mine-test-1
defaults: { timeoutMs: 10000, firstTokenTimeoutMs: 10000, deadlineMs: 30000, retries: 0, maxOutputTokens: 64 }
providers:
  fake: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  cheap: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  cheap-bad-json: { provider: fake, id: bad-json, contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  cheap-503: { provider: fake, id: '503', contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  strong: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 10, outputPer1M: 20 }, capabilities: [json] }
routes:
  - { name: json, primary: cheap-bad-json, fallbacks: [strong], responseFormat: { type: json } }
  - { name: outage, primary: cheap-503, fallbacks: [strong] }
  - { name: reviewed, primary: strong, fallbacks: [cheap], review: always }
  - { name: general, primary: cheap, fallbacks: [strong] }
review: { reviewers: [${REVIEWER}], draftModels: [cheap] }
access: { forceRoutes: all }
`;

/**
 * `switchyard router mine` on a real dev server: requests with a format failure escalated to the strong model, an
 * outage, accepted answers with and without feedback, a review that approves the cheap draft and one that reroutes to
 * the strong model → exactly the expected lines and counts; the file trains with `router train`.
 */
describe('router mine', () => {
  let harness: Harness;
  let dir: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY });
    dir = mkdtempSync(join(tmpdir(), 'switchyard-mine-'));
  });
  afterAll(async () => {
    if (harness) expect(await replayFailures(harness.client, harness.started)).toEqual([]);
    await harness?.stop();
  });

  it('mines exactly the expected labels and counts, and the file trains with router train', async () => {
    const ask = (route: string, text: string): RouteRequest => ({ route, messages: [{ role: 'user', content: text }] });
    const answered = async (name: string, request: RouteRequest) => {
      const handle = await harness.router.start(request);
      ids[name] = handle.workflowId;
      return handle.result();
    };
    const parked = async (name: string, text: string): Promise<RouteHandle> => {
      const handle = await harness.router.start(ask('reviewed', text));
      ids[name] = handle.workflowId;
      await expect.poll(async () => (await handle.status()).phase, { timeout: 10_000 }).toBe('awaiting-review');
      return handle;
    };
    const escalated = await answered('escalated', ask('json', 'Give me my order as JSON'));
    expect(escalated.attempts.map((attempt) => [attempt.model, attempt.formatFailure])).toEqual([
      ['cheap-bad-json', true],
      ['strong', false],
    ]);
    await answered('outage', ask('outage', 'Is the shop open?'));
    await answered('accepted', ask('general', 'What are your opening hours?'));
    await answered('good', ask('general', 'How do I reset my password?'));
    await answered('bad', ask('general', 'Prove that the series converges'));
    const approve = await parked('approved', 'Refund my order please');
    await approve.resolveReview(
      harness.signDecision(approve.workflowId, { reviewer: REVIEWER, decision: 'approve-draft' }),
    );
    const reroute = await parked('rerouted', 'Explain the legal terms of my contract');
    await reroute.resolveReview(
      harness.signDecision(reroute.workflowId, { reviewer: REVIEWER, decision: 'reroute-to-model', model: 'strong' }),
    );
    expect((await approve.result()).outcome).toBe('reviewed');
    expect((await reroute.result()).model).toBe('strong');
    await recordFeedback(harness.client, harness.taskQueue, { id: ids.good!, verdict: 'good' });
    await recordFeedback(harness.client, harness.taskQueue, { id: ids.bad!, verdict: 'good' });
    // The newest feedback replaces the first.
    await recordFeedback(harness.client, harness.taskQueue, { id: ids.bad!, verdict: 'bad', comment: 'wrong proof' });

    const out = join(dir, 'labels.jsonl');
    const mine = () => runCli(['router', 'mine', '--since', '1h', '--out', out, '--json', ...temporalFlags(harness)]);
    // Visibility catches up with the seven requests and three feedback runs.
    let summary: Record<string, unknown> = {};
    await expect
      .poll(
        async () => {
          const run = await mine();
          expect(run.code, run.stderr).toBe(0);
          summary = JSON.parse(run.stdout);
          return [summary.scanned, summary.feedback];
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toEqual([7, 2]);
    expect(summary).toEqual({
      scanned: 7,
      labelled: 5,
      skipped: { 'weak-unknown': 1, 'strong-unknown': 1 },
      sources: { 'format-failure': 1, accepted: 3, 'feedback-good': 1, 'review-approve': 1, 'review-reroute': 1 },
      strongFilled: 3,
      feedback: 2,
      truncated: false,
      out,
    });
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const byId = new Map(lines.map((line) => [line.workflowId, line]));
    const expected = (weak: boolean, strong: boolean, source: string, filled = false) => ({
      weak_correct: weak,
      strong_correct: strong,
      source,
      weakModel: expect.stringMatching(/^cheap/),
      strongModel: 'strong',
      ...(filled ? { strongFilled: true } : {}),
    });
    expect(Object.fromEntries([...byId].map(([id, line]) => [id, line]))).toEqual({
      [ids.escalated!]: expect.objectContaining(expected(false, true, 'format-failure+accepted')),
      [ids.accepted!]: expect.objectContaining(expected(true, true, 'accepted', true)),
      [ids.good!]: expect.objectContaining(expected(true, true, 'accepted+feedback-good', true)),
      [ids.approved!]: expect.objectContaining(expected(true, true, 'review-approve', true)),
      [ids.rerouted!]: expect.objectContaining(expected(false, true, 'review-reroute')),
    });
    expect(byId.get(ids.escalated!)).toMatchObject({
      weakModel: 'cheap-bad-json',
      messages: [{ role: 'user', content: 'Give me my order as JSON' }],
    });
    expect(byId.has(ids.bad!)).toBe(false);
    expect(byId.has(ids.outage!)).toBe(false);

    const model = join(dir, 'router.json');
    const train = await runCli(['router', 'train', '--input', out, '--out', model]);
    expect(train.code, train.stderr).toBe(0);
    expect(train.stderr).toContain('trained on 5 lines');
    expect(statSync(model).size).toBeGreaterThan(0);
  }, 180_000);
});
