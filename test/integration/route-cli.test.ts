import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteResult } from '../../src/policy/types.js';
import { runCli } from '../e2e/support/run-cli.js';
import { type Harness, startHarness, temporalFlags } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const POLICY = 'examples/policies/fault-drill.yaml';

/** `switchyard route` and `switchyard result` as child processes against the shared dev server. */
describe('switchyard route (CLI)', () => {
  let harness: Harness;
  let flags: string[];
  const started: string[] = [];

  beforeAll(async () => {
    harness = await startHarness({ policyFile: POLICY });
    flags = temporalFlags(harness);
  });
  afterAll(async () => {
    if (harness) expect(await replayFailures(harness.client, started)).toEqual([]);
    await harness?.stop();
  });

  const route = (...args: string[]) => runCli(['route', '--policy', POLICY, ...args, ...flags]);

  it('prints the result contract with --json: primary → retry → fallback on route 503', async () => {
    const run = await route('--route', '503', '--json', '--text', 'Where is my order?');
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as RouteResult;
    started.push(result.workflowId);
    expect(result).toMatchObject({
      outcome: 'answered',
      route: '503',
      model: 'ok',
      policyVersion: 'fault-drill-2026-11-21.1',
      workflowId: expect.stringMatching(/^route-/),
    });
    expect(result.answer).toEqual(expect.any(String));
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.attempts.map((attempt) => [attempt.model, attempt.ok, attempt.errorKind, attempt.errorType])).toEqual(
      [
        ['503', false, 'transient', 'Overloaded'],
        ['503', false, 'transient', 'Overloaded'],
        ['ok', true, null, null],
      ],
    );
    for (const attempt of result.attempts) expect(attempt.latencyMs).toEqual(expect.any(Number));
    expect(result.trail.map((entry) => entry.step)).toEqual(
      expect.arrayContaining(['classify', 'privacy', 'route', 'retry', 'fallback', 'answer']),
    );
  }, 60_000);

  it('takes the message as an argument, and --no-wait prints the workflow id for `result`', async () => {
    const run = await route('Is my parcel on its way?', '--route', 'ok', '--no-wait', '--json');
    expect(run.code, run.stderr).toBe(0);
    const { workflowId } = JSON.parse(run.stdout) as { workflowId: string };
    started.push(workflowId);
    const fetched = await runCli(['result', workflowId, '--json', ...flags]);
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(JSON.parse(fetched.stdout)).toMatchObject({ workflowId, outcome: 'answered', model: 'ok', route: 'ok' });

    const human = await runCli(['result', workflowId, ...flags]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('answered');
  }, 60_000);

  it('exits 1 with a one-line error when the message is missing or given twice; an unknown route is rejected', async () => {
    const missing = await route('--route', 'ok');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('give exactly one of --text (or the message as an argument) or --input');
    const twice = await route('one', '--text', 'two');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('give the message once: as [text] or --text');
    // A request naming a route the policy lacks is still a request: the workflow rejects it, with the reason.
    const unknown = await route('hello', '--route', 'no-such-route', '--json');
    expect(unknown.code, unknown.stderr).toBe(0);
    const result = JSON.parse(unknown.stdout) as RouteResult;
    started.push(result.workflowId);
    expect(result).toMatchObject({ outcome: 'rejected', model: null, answer: null, attempts: [] });
    expect(result.trail.at(-1)?.reason).toContain('route: unknown route "no-such-route"');
  }, 60_000);
});
