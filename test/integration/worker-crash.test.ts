import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/**
 * The headline promise: a worker that dies in the middle of the failure ladder loses nothing. A worker
 * process is killed with SIGKILL while an attempt is on the wire; another worker finishes the request.
 */
describe('durability', () => {
  let harness: Harness;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    // The harness's own worker polls another task queue: the request below is only seen by the child.
    harness = await startHarness({ policyFile: 'examples/policies/fault-drill.yaml' });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await harness?.stop();
  });

  /** Starts a worker process on its own task queue (only it sees the request), with extra environment. */
  function spawnWorker(taskQueue: string, env: Record<string, string> = {}): ChildProcess {
    return spawn(
      process.execPath,
      [
        'bin/switchyard.js',
        'worker',
        '--policy',
        'examples/policies/fault-drill.yaml',
        '--task-queue',
        taskQueue,
        '--address',
        inject('temporalAddress'),
      ],
      {
        env: { ...process.env, SWITCHYARD_FAKE_PROVIDER_URL: harness.fake.url, SWITCHYARD_LOG_LEVEL: 'warn', ...env },
        stdio: 'ignore',
      },
    );
  }

  /** Routes one request to `taskQueue`, kills the worker once its first attempt is on the wire, finishes it anew. */
  async function crashMidAttempt(taskQueue: string) {
    const { RouterClient } = await import('../../src/client/router-client.js');
    const router = new RouterClient({ client: harness.client, policy: harness.policy, taskQueue });
    const handle = await router.start({
      route: 'slow-first-token',
      messages: [{ role: 'user', content: 'survive a crash' }],
    });

    // Wait until the first attempt reached the provider, then kill the worker without warning.
    await expect
      .poll(() => harness.fake.attempts({ workflowId: handle.workflowId }).length, { timeout: 30_000, interval: 50 })
      .toBe(1);
    child!.kill('SIGKILL');

    // A new worker on the same task queue picks the request up from its history.
    const { NativeConnection } = await import('@temporalio/worker');
    const { createSwitchyardWorker } = await import('../../src/worker/create-worker.js');
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const { loadWorkerTrust } = await import('../../src/worker/worker-config.js');
    const worker = await createSwitchyardWorker({
      connection,
      trust: loadWorkerTrust({ loaded: [harness.policy] }, { env: {} }),
      taskQueue,
      workflowBundlePath: inject('workflowBundlePath'),
      activities: { fakeProviderUrl: harness.fake.url, fastPath: { maxTimeoutMs: 5000 } },
    });
    const result = await worker.runUntil(handle.result());
    await connection.close();
    const wire: Record<string, number> = {};
    for (const attempt of harness.fake.attempts({ workflowId: handle.workflowId }))
      wire[attempt.model] = (wire[attempt.model] ?? 0) + 1;
    const attempts = result.attempts.map((attempt) => `${attempt.role}:${attempt.model}:${attempt.errorType ?? 'ok'}`);
    return { handle, result, wire, attempts };
  }

  it('finishes a request after the worker running it is killed mid-attempt (regular activity)', async () => {
    const taskQueue = `crash-${Date.now()}`;
    // With the fast path off, the first attempt is a regular activity: the routing task completed before the call.
    child = spawnWorker(taskQueue, { SWITCHYARD_FAST_PATH: 'off' });
    const { result, attempts } = await crashMidAttempt(taskQueue);

    expect(result.outcome).toBe('answered');
    expect(result.model).toBe('ok');
    expect(attempts[0]).toBe('primary:slow-first-token:ActivityTimeout');
    expect(attempts.at(-1)).toBe('fallback:ok:ok');
    expect(result.latencyMs).toBeLessThan(15_000);
    expect(await replayFailures(harness.client, [result.workflowId])).toEqual([]);
  });

  it('finishes a request after the worker is killed mid fast-path call: the task is retried and the call made again', async () => {
    const taskQueue = `crash-fast-${Date.now()}`;
    child = spawnWorker(taskQueue);
    const { result, wire, attempts } = await crashMidAttempt(taskQueue);

    // The lost task recorded nothing; the next worker ran the request from its start, calling the model again. The
    // attempts show the recorded call only; the provider saw two (docs/failover.md, "Fast path and worker crashes").
    expect(result.outcome).toBe('answered');
    expect(attempts).toEqual(['primary:slow-first-token:FirstTokenTimeout', 'fallback:ok:ok']);
    expect(wire).toEqual({ 'slow-first-token': 2, ok: 1 });
    const { auditWorkflow } = await import('../../src/audit/audit-workflow.js');
    const report = await auditWorkflow(harness.client, result.workflowId);
    expect(
      report.attempts.map((attempt) => [attempt.n, attempt.role, attempt.model, attempt.localActivity ?? false]),
    ).toEqual([
      [1, 'primary', 'slow-first-token', true],
      [2, 'fallback', 'ok', false],
    ]);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('workflow task timed out'),
        expect.stringContaining('may have reached the provider up to 2 times'),
      ]),
    );
    expect(await replayFailures(harness.client, [result.workflowId])).toEqual([]);
  });
});
