import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewerPublicKeysOf } from '../../src/auth/reviewer-keys.js';
import { credentialPublicKey } from '../../src/policy/signatures.js';
import type { RouteResult } from '../../src/policy/types.js';
import type { PendingReviewSummary } from '../../src/review/pending.js';
import type { RouteStatus } from '../../workflows/types.js';
import { runCli } from '../e2e/support/run-cli.js';
import { type Harness, startHarness, temporalFlags } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const REVIEWER_TOKEN = 'reviewer-token-0123456789abcdef';
const MALLORY_TOKEN = 'mallory-token-0123456789abcdef';
/** The CLI's environment: the configured reviewer tokens (identities come from them), no personal token. */
const CLI_ENV = {
  SWITCHYARD_REVIEWER_TOKENS: `reviewer@example.com=${REVIEWER_TOKEN},mallory@example.com=${MALLORY_TOKEN}`,
  SWITCHYARD_REVIEWER_TOKEN: '',
};

/** `switchyard review list | show | resolve | keys` as a child process against the shared dev server. */
describe('switchyard review (CLI)', () => {
  let harness: Harness;
  let flags: string[];

  beforeAll(async () => {
    harness = await startHarness({
      policyFile: 'examples/policies/fault-drill.yaml',
      reviewerKeys: reviewerPublicKeysOf({
        [REVIEWER_TOKEN]: 'reviewer@example.com',
        [MALLORY_TOKEN]: 'mallory@example.com',
      }),
    });
    flags = temporalFlags(harness);
  });
  afterAll(async () => {
    if (harness) expect(await replayFailures(harness.client, harness.started)).toEqual([]);
    await harness?.stop();
  });

  const review = (...args: string[]) => runCli(['review', ...args, ...flags], { env: CLI_ENV });

  async function parked(text: string): Promise<string> {
    const handle = await harness.router.start({ route: 'review-always', messages: [{ role: 'user', content: text }] });
    await expect.poll(async () => (await handle.status()).phase, { timeout: 15_000 }).toBe('awaiting-review');
    return handle.workflowId;
  }

  it('lists and shows a parked request, refuses a reviewer not on the allow-list, accepts an allowed one', async () => {
    const workflowId = await parked('Please check my refund, order 1234.');

    // Visibility lags a moment behind the workflow: poll the CLI until the request shows up.
    let listed: PendingReviewSummary[] = [];
    await expect
      .poll(
        async () => {
          const run = await review('list', '--json');
          expect(run.code, run.stderr).toBe(0);
          listed = JSON.parse(run.stdout) as PendingReviewSummary[];
          return listed.map((item) => item.workflowId);
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain(workflowId);
    const entry = listed.find((item) => item.workflowId === workflowId);
    expect(entry).toMatchObject({
      route: 'review-always',
      reason: expect.stringContaining('always asks for review'),
      draftModel: 'ok',
      dataClass: expect.any(String),
      intent: expect.any(String),
      error: null,
    });
    expect(entry?.timeLeftMs).toBeGreaterThan(0);
    expect(Date.parse(entry?.deadlineAt ?? '')).toBeGreaterThan(Date.parse(entry?.requestedAt ?? ''));

    const human = await review('list');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(workflowId);
    expect(human.stdout).toContain('left)');

    const shown = await review('show', workflowId, '--json');
    expect(shown.code, shown.stderr).toBe(0);
    const status = JSON.parse(shown.stdout) as RouteStatus;
    expect(status.request.messages).toEqual([{ role: 'user', content: 'Please check my refund, order 1234.' }]);
    expect(status.phase).toBe('awaiting-review');
    expect(status.review?.draft).toContain('simulated answer');
    expect(status.attempts.map((attempt) => attempt.role)).toEqual(['draft']);

    const unsigned = await review(
      'resolve',
      workflowId,
      '--decision',
      'approve-draft',
      '--reviewer',
      'reviewer@example.com',
    );
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain(
      'switchyard: a reviewer token is required to sign the decision: pass --token or set SWITCHYARD_REVIEWER_TOKEN',
    );

    const refused = await review('resolve', workflowId, '--decision', 'approve-draft', '--token', MALLORY_TOKEN);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "switchyard: review refused: reviewer: mallory@example.com is not on the policy's reviewer allow-list",
    );
    const claimed = await review(
      'resolve',
      workflowId,
      '--decision',
      'approve-draft',
      '--token',
      MALLORY_TOKEN,
      '--reviewer',
      'reviewer@example.com',
    );
    expect(claimed.code).toBe(1);
    expect(claimed.stderr).toContain(
      'switchyard: --reviewer reviewer@example.com does not match the reviewer the token belongs to (mallory@example.com)',
    );

    // The identity comes from the configured tokens; the token signs the decision.
    const accepted = await review(
      'resolve',
      workflowId,
      '--decision',
      'approve-draft',
      '--token',
      REVIEWER_TOKEN,
      '--note',
      'draft is fine',
      '--json',
    );
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(JSON.parse(accepted.stdout)).toEqual({ accepted: true, workflowId, decision: 'approve-draft' });

    const resultRun = await runCli(['result', workflowId, '--json', ...flags]);
    expect(resultRun.code, resultRun.stderr).toBe(0);
    const result = JSON.parse(resultRun.stdout) as RouteResult;
    expect(result.outcome).toBe('reviewed');
    expect(result.review).toMatchObject({ reviewer: 'reviewer@example.com', note: 'draft is fine' });
    expect(result.trail).toContainEqual(
      expect.objectContaining({ step: 'review', reason: 'approve-draft by reviewer@example.com' }),
    );

    const late = await review('resolve', workflowId, '--decision', 'reject', '--token', REVIEWER_TOKEN);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('switchyard: review refused: no review is pending for this request');
  }, 180_000);

  it('sends the decision as a Signal with --signal, signed with SWITCHYARD_REVIEWER_TOKEN', async () => {
    const workflowId = await parked('Signal me.');
    const sent = await runCli(
      [
        'review',
        'resolve',
        workflowId,
        '--decision',
        'reply-with-text',
        '--text',
        'Answered by a person.',
        '--reviewer',
        ' Reviewer@Example.com ',
        '--signal',
        ...flags,
      ],
      // A reviewer's own machine: their token, no list of everyone's tokens (so --reviewer names them).
      { env: { SWITCHYARD_REVIEWER_TOKENS: '', SWITCHYARD_REVIEWER_TOKEN: REVIEWER_TOKEN } },
    );
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain('signal sent');
    const result = await harness.router.result(workflowId);
    expect(result).toMatchObject({ outcome: 'reviewed', answer: 'Answered by a person.', model: null });
    expect(result.review).toMatchObject({ reviewer: 'reviewer@example.com', decision: 'reply-with-text' });
  }, 90_000);

  it('prints reviewer public keys for workers (`review keys`), never the tokens', async () => {
    const lines = await runCli(['review', 'keys'], { env: CLI_ENV });
    expect(lines.code, lines.stderr).toBe(0);
    expect(lines.stdout.trim().split('\n')).toEqual([
      `reviewer@example.com=${credentialPublicKey(REVIEWER_TOKEN)}`,
      `mallory@example.com=${credentialPublicKey(MALLORY_TOKEN)}`,
    ]);
    expect(lines.stdout).not.toContain(REVIEWER_TOKEN);
    const json = await runCli(['review', 'keys', '--json'], { env: CLI_ENV });
    expect(JSON.parse(json.stdout)).toEqual({
      'reviewer@example.com': credentialPublicKey(REVIEWER_TOKEN),
      'mallory@example.com': credentialPublicKey(MALLORY_TOKEN),
    });
    const none = await runCli(['review', 'keys'], { env: { SWITCHYARD_REVIEWER_TOKENS: '' } });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      'switchyard: no reviewer tokens: pass --tokens <file> or set SWITCHYARD_REVIEWER_TOKENS',
    );
  }, 60_000);

  it('exits 1 with a one-line error for an unknown request and for a field the decision does not use', async () => {
    const unknown = await review('show', 'route-does-not-exist');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('switchyard: no request with workflow id route-does-not-exist');
    const misuse = await review(
      'resolve',
      'route-x',
      '--decision',
      'reject',
      '--reviewer',
      'r@example.com',
      '--text',
      't',
    );
    expect(misuse.code).toBe(1);
    expect(misuse.stderr).toContain('--text is only used with --decision reply-with-text');
  }, 90_000);
});
