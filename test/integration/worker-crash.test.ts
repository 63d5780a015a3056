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

  it('finishes a request after the worker running it is killed mid-attempt', async () => {
    const taskQueue = `crash-${Date.now()}`;
    child = spawn(
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
        env: { ...process.env, SWITCHYARD_FAKE_PROVIDER_URL: harness.fake.url, SWITCHYARD_LOG_LEVEL: 'warn' },
        stdio: 'ignore',
      },
    );
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
    child.kill('SIGKILL');

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
      activities: { fakeProviderUrl: harness.fake.url },
    });
    const result = await worker.runUntil(handle.result());
    await connection.close();

    expect(result.outcome).toBe('answered');
    expect(result.model).toBe('ok');
    const attempts = result.attempts.map((attempt) => `${attempt.role}:${attempt.model}:${attempt.errorType ?? 'ok'}`);
    expect(attempts[0]).toBe('primary:slow-first-token:ActivityTimeout');
    expect(attempts.at(-1)).toBe('fallback:ok:ok');
    expect(result.latencyMs).toBeLessThan(15_000);
    expect(await replayFailures(harness.client, [handle.workflowId])).toEqual([]);
  });
});
