import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../src/temporal/free-port.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * `switchyard worker --gateway-port N`: the gateway embedded in the worker process starts workflows eagerly on the
 * worker's connection, so an answered request is one workflow task run by that worker (the fast path).
 */
describe('the gateway embedded in a worker', () => {
  let harness: Harness;
  let child: ChildProcess | undefined;
  let baseUrl: string;
  const taskQueue = `worker-gateway-${Date.now()}`;

  beforeAll(async () => {
    // The harness gives the fake provider and a client; its own worker polls another task queue.
    harness = await startHarness({ policyFile: 'examples/policies/fault-drill.yaml' });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}/v1`;
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
        '--gateway-port',
        String(port),
      ],
      {
        env: { ...process.env, SWITCHYARD_FAKE_PROVIDER_URL: harness.fake.url, SWITCHYARD_LOG_LEVEL: 'warn' },
        stdio: 'ignore',
      },
    );
    // Ready once the gateway answers (the worker loads its policy and connects first).
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${baseUrl}/models`).catch(() => null))?.status !== 200) {
      if (Date.now() > deadline) throw new Error('the embedded gateway did not come up within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 40_000);
  afterAll(async () => {
    child?.kill('SIGTERM');
    await harness?.stop();
  });

  it('answers through the worker: one workflow task, started eagerly on that worker', async () => {
    const response = await fetch(`${baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'ok', messages: [{ role: 'user', content: 'hello from the embedded gateway' }] }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]!.message.content).toBeTruthy();
    const query = `TaskQueue = '${taskQueue}' AND WorkflowType = 'routeRequestWorkflow'`;
    const listed = async () => {
      const ids: string[] = [];
      for await (const execution of harness.client.workflow.list({ query })) ids.push(execution.workflowId);
      return ids;
    };
    await expect.poll(async () => (await listed()).length, { timeout: 15_000 }).toBe(1);
    const [workflowId] = await listed();
    const events = (await harness.client.workflow.getHandle(workflowId!).fetchHistory()).events ?? [];
    expect(events.filter((event) => event.workflowTaskCompletedEventAttributes)).toHaveLength(1);
    const local = events.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(local).toHaveLength(1); // resolvePolicy, with the inspection and the first attempt made ahead
    // The start request asked for eager execution (the server records it on the started event).
    expect(events[0]?.workflowExecutionStartedEventAttributes?.eagerExecutionAccepted).toBe(true);
  });
});
