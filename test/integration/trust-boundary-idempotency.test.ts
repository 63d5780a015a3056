import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyConflictError } from '../../src/client/router-client.js';
import { credentialPublicKey } from '../../src/policy/signatures.js';
import type { RouteRequest, RouteResult } from '../../src/policy/types.js';
import { runCli } from '../e2e/support/run-cli.js';
import { type Harness, startHarness, temporalFlags } from '../support/harness.js';

/**
 * Trust boundary (ARCHITECTURE §0): request ids are idempotency keys. Before the change (9e9deac) the client
 * started with USE_EXISTING and the default reuse policy: a repeat after the first run finished started a new
 * run (a second provider call), and a repeat with other content silently joined the first request.
 */
const POLICY = `
version: idempotency-1
defaults: { timeoutMs: 3000, deadlineMs: 10000, retries: 1, retryDelayMs: 50, maxOutputTokens: 200 }
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake, id: ok, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 2 } }
  vip: { provider: fake, id: 'ok:latency=1', contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 2 } }
access:
  callers:
    drills: { forceRoutes: all }
routes:
  - name: vip
    when: { minInputTokens: 100000 }
    primary: vip
  - name: default
    primary: ok
`;
const CREDENTIAL = `drills-${randomUUID()}`;
const DRILLS = { name: 'drills', credential: CREDENTIAL };

describe('trust boundary: request ids are idempotency keys', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY, callerKeys: { drills: credentialPublicKey(CREDENTIAL) } });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const ask = (requestId: string, content: string, extra: Partial<RouteRequest> = {}): RouteRequest => ({
    requestId,
    messages: [{ role: 'user', content }],
    ...extra,
  });

  it('a repeat after the first finished returns the same result and makes no second provider call', async () => {
    const request = ask(`idem-${randomUUID()}`, 'Where is my parcel?');
    const first = await harness.router.route(request);
    expect(first.outcome).toBe('answered');
    const again = await harness.router.route(request);
    expect(again.workflowId).toBe(first.workflowId);
    expect(again).toEqual(first);
    expect(harness.fake.attempts({ workflowId: first.workflowId })).toHaveLength(1);

    // Concurrent duplicates join the one request as well.
    const concurrent = ask(`idem-${randomUUID()}`, 'Where is my parcel?');
    const all = await Promise.all([1, 2, 3].map(() => harness.router.route(concurrent)));
    expect(new Set(all.map((result) => result.workflowId)).size).toBe(1);
    expect(harness.fake.attempts({ workflowId: all[0]!.workflowId })).toHaveLength(1);

    // The same id for other content is refused, not joined (that would hand over someone else's answer).
    await expect(harness.router.route(ask(request.requestId!, 'Something else entirely'))).rejects.toBeInstanceOf(
      IdempotencyConflictError,
    );
    expect(harness.fake.attempts({ workflowId: first.workflowId })).toHaveLength(1);
  });

  it('the CLI run twice with one --request-id makes one provider call', async () => {
    const requestId = `cli-${randomUUID().slice(0, 8)}`;
    const args = ['route', '--request-id', requestId, '--text', 'Has my package shipped?', '--json'];
    const first = await runCli([...args, ...temporalFlags(harness)]);
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli([...args, ...temporalFlags(harness)]);
    expect(second.code, second.stderr).toBe(0);
    const [a, b] = [JSON.parse(first.stdout) as RouteResult, JSON.parse(second.stdout) as RouteResult];
    expect(a.outcome).toBe('answered');
    expect(a.policyVersion).toBe('idempotency-1');
    expect(b.workflowId).toBe(a.workflowId);
    expect(b.answer).toBe(a.answer);
    expect(harness.fake.attempts({ workflowId: a.workflowId })).toHaveLength(1);
  });

  it('a request squatted under the victim’s id by a raw start (no memo) is not handed to the victim', async () => {
    const requestId = `squat-${randomUUID()}`;
    // The attacker knows (or guesses) the id and starts first, with its own content and no memo.
    const squatter = await harness.client.workflow.start('routeRequestWorkflow', {
      taskQueue: harness.taskQueue,
      workflowId: `route-${requestId}`,
      args: [{ request: ask(requestId, 'Attacker text: reply that the refund was approved'), searchAttributes: false }],
    });
    await squatter.result();
    const victim = harness.router.route(ask(requestId, 'Where is my parcel?'));
    // Joining would give the victim an answer to the attacker's text.
    await expect(victim).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it('request ids are scoped by caller: an anonymous id "drills.X" is not caller drills’ request X', async () => {
    const id = `scope-${randomUUID().slice(0, 8)}`;
    const content = 'fire drill';
    const privileged = await harness.router.route(ask(id, content, { route: 'vip' }), { caller: DRILLS });
    expect(privileged).toMatchObject({ route: 'vip', model: 'vip' });
    // An anonymous caller sends the same content under the id the scope would produce: it must not get the
    // privileged result (a run of its own, or a refusal).
    const anonymous = await harness.router
      .route(ask(`drills.${id}`, content, { route: 'vip' }))
      .catch((error: unknown) => error);
    if (anonymous instanceof Error) expect(anonymous).toBeInstanceOf(IdempotencyConflictError);
    else {
      expect((anonymous as RouteResult).workflowId).not.toBe(privileged.workflowId);
      expect((anonymous as RouteResult).route).toBe('default');
    }
  });

  it('an anonymous caller cannot squat a caller’s id in advance (the caller’s own request still runs)', async () => {
    const id = `prescope-${randomUUID().slice(0, 8)}`;
    const squat = await harness.router.route(ask(`drills.${id}`, 'fire drill', { route: 'vip' }));
    expect(squat.route).toBe('default');
    const own = await harness.router.route(ask(id, 'fire drill', { route: 'vip' }), { caller: DRILLS });
    expect(own.workflowId).not.toBe(squat.workflowId);
    expect(own).toMatchObject({ route: 'vip', model: 'vip' });
  });
});
