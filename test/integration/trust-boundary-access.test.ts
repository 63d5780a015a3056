import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouterClient } from '../../src/client/router-client.js';
import { credentialPublicKey, digestOf, signStatement } from '../../src/policy/signatures.js';
import type { RouteRequest, RouteResult } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * Trust boundary (ARCHITECTURE §0): callers get what the policy's `access` grants, and review rules hold whatever
 * they asked for. Before the change (9e9deac) any caller could force a route or a model order and so skip review.
 */
const SUPPORT_INBOX = 'examples/policies/support-inbox.yaml';
const INSTANT = { latencyMs: { p50: 5, p95: 10 } };
const PROFILES = { 'sim-fast': INSTANT, 'sim-strong': INSTANT, 'sim-private': INSTANT };
const REFUND = 'I want a refund for my order';
/** Short enough to finish quickly; the request is parked for review first. */
const REVIEW_DEADLINE_MS = 2000;

/** support-inbox with forcing granted to everyone (the worker still runs it from its own configuration). */
function supportInboxWithForcing(): string {
  const text = readFileSync(SUPPORT_INBOX, 'utf8');
  const edited = text
    .replace('version: support-inbox-2026-11-21.1', 'version: support-inbox-forcing-1')
    .replace(
      'trainingData: ../classifier/support-inbox.train.jsonl',
      `trainingData: ${resolve('examples/classifier/support-inbox.train.jsonl')}`,
    )
    .replace(
      'access:\n  metadataKeys: [task]',
      'access:\n  forceRoutes: all\n  forceModels: all\n  metadataKeys: [task]',
    );
  expect(edited).toContain('forceRoutes: all');
  expect(edited).toContain('version: support-inbox-forcing-1');
  return edited;
}

/** Parked for review (the trail says so), ended by the review deadline, and no model answer delivered. */
function expectParkedForReview(harness: Harness, result: RouteResult): void {
  expect(result.route).not.toBeNull();
  expect(result.trail).toContainEqual(expect.objectContaining({ step: 'review', outcome: 'requested' }));
  expect(result).toMatchObject({ outcome: 'degraded', model: null, review: null });
  expect(result.trail.at(-1)?.reason).toContain('review deadline passed without a decision');
  // Only the reviewer's draft may have been written; nothing answered the caller.
  for (const attempt of result.attempts) expect(attempt.role).toBe('draft');
  expect(result.attempts.length).toBeLessThanOrEqual(1);
  expect(harness.fake.attempts({ workflowId: result.workflowId })).toHaveLength(result.attempts.length);
}

const outcomes = (result: RouteResult, step: string) =>
  result.trail.filter((entry) => entry.step === step).map((entry) => entry.outcome);

describe('trust boundary: review rules hold whatever the caller asks for', () => {
  describe('support-inbox as shipped (no forcing granted)', () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await startHarness({ policyFile: SUPPORT_INBOX, fakeProfiles: PROFILES });
    });
    afterAll(async () => {
      await harness?.stop();
    });

    it('parks a refund for review: plain, forced route, forced model, triage metadata', async () => {
      const ask = (extra: Partial<RouteRequest>) =>
        harness.router.route(
          { messages: [{ role: 'user', content: REFUND }], ...extra },
          { reviewDeadlineMs: REVIEW_DEADLINE_MS },
        );
      const [plain, forcedRoute, forcedModels, triage, everything] = await Promise.all([
        ask({}),
        ask({ route: 'default' }),
        ask({ models: ['strong'] }),
        ask({ metadata: { task: 'triage' } }),
        ask({ route: 'routine', models: ['fast'], metadata: { task: 'triage', channel: 'vip' } }),
      ]);
      for (const result of [plain, forcedRoute, forcedModels, triage, everything]) {
        expectParkedForReview(harness, result);
        expect(result.route).toBe('people-decide');
        expect(result.classification).toMatchObject({ intent: 'refund', risk: 'high' });
      }
      expect(outcomes(plain, 'access')).toEqual([]);
      expect(outcomes(forcedRoute, 'access')).toEqual(['route-refused']);
      expect(forcedRoute.trail.find((entry) => entry.outcome === 'route-refused')?.reason).toContain(
        'anonymous caller may not force route "default"',
      );
      expect(outcomes(forcedModels, 'access')).toEqual(['models-refused']);
      expect(outcomes(triage, 'access')).toEqual([]);
      expect(outcomes(everything, 'access')).toEqual(['route-refused', 'models-refused', 'metadata-ignored']);
    });
  });

  describe('support-inbox with forceRoutes/forceModels: all', () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await startHarness({ policyYaml: supportInboxWithForcing(), fakeProfiles: PROFILES });
    });
    afterAll(async () => {
      await harness?.stop();
    });

    it('a granted forced route or model order still goes to a person', async () => {
      const ask = (extra: Partial<RouteRequest>) =>
        harness.router.route(
          { messages: [{ role: 'user', content: REFUND }], ...extra },
          { reviewDeadlineMs: REVIEW_DEADLINE_MS },
        );
      const [forcedDefault, forcedTriage, forcedModels, both] = await Promise.all([
        ask({ route: 'default' }),
        ask({ route: 'ticket-triage', metadata: { task: 'triage' } }),
        ask({ models: ['fast'] }),
        ask({ route: 'routine', models: ['fast', 'local'] }),
      ]);
      for (const result of [forcedDefault, forcedTriage, forcedModels, both]) {
        expectParkedForReview(harness, result);
        expect(outcomes(result, 'access')).toEqual([]);
      }
      expect(forcedDefault.route).toBe('default');
      expect(forcedTriage.route).toBe('ticket-triage');
      expect(forcedModels.route).toBe('people-decide');
      expect(both.route).toBe('routine');
      const requested = forcedDefault.trail.find((entry) => entry.step === 'review' && entry.outcome === 'requested');
      expect(requested?.reason).toContain('forcing "default" does not skip review');
    });
  });
});

describe('trust boundary: per-caller grants need a verified caller', () => {
  const CREDENTIAL = `drills-credential-${randomUUID()}`;
  const POLICY = `
version: caller-grants-1
defaults: { timeoutMs: 3000, deadlineMs: 10000, retries: 0, maxOutputTokens: 100 }
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  ok: { provider: fake, id: ok, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 2 } }
  drill: { provider: fake, id: 'ok:latency=1', contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 2 } }
access:
  callers:
    drills: { forceRoutes: all }
routes:
  - name: drill
    when: { minInputTokens: 100000 }
    primary: drill
  - name: default
    primary: ok
`;
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY, callerKeys: { drills: credentialPublicKey(CREDENTIAL) } });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const drillRequest = (): RouteRequest => ({ route: 'drill', messages: [{ role: 'user', content: 'fire drill' }] });

  it('the verified caller gets its forced route', async () => {
    const result = await harness.router.route(drillRequest(), { caller: { name: 'drills', credential: CREDENTIAL } });
    expect(result).toMatchObject({ outcome: 'answered', route: 'drill', model: 'drill' });
    expect(outcomes(result, 'access')).toEqual([]);
    expect(result.trail.find((entry) => entry.step === 'validate')?.reason).toContain('caller drills');
  });

  it('the same claim signed with a wrong credential is anonymous: route refused', async () => {
    const result = await harness.router.route(drillRequest(), {
      caller: { name: 'drills', credential: `${CREDENTIAL}-guessed` },
    });
    expect(result).toMatchObject({ outcome: 'answered', route: 'default', model: 'ok' });
    expect(outcomes(result, 'access')).toEqual(['caller-unverified', 'route-refused']);
    expect(result.trail.find((entry) => entry.outcome === 'caller-unverified')?.reason).toContain(
      'signature does not verify',
    );
    expect(harness.fake.attempts({ workflowId: result.workflowId }).map((attempt) => attempt.model)).toEqual(['ok']);
  });

  it('a captured valid claim does not verify for another workflow or another request', async () => {
    const request = drillRequest();
    const captured = (workflowId: string, signed: RouteRequest) =>
      signStatement(CREDENTIAL, 'caller', workflowId, { caller: 'drills', request: digestOf(signed) });
    const start = async (workflowId: string, signature: string, sent: RouteRequest) => {
      const handle = await harness.client.workflow.start('routeRequestWorkflow', {
        taskQueue: harness.taskQueue,
        workflowId,
        args: [{ request: sent, caller: { name: 'drills', signature }, searchAttributes: false }],
      });
      return (await handle.result()) as RouteResult;
    };
    const elsewhere = await start(`route-drills.${randomUUID()}`, captured('route-drills.original', request), request);
    const targetId = `route-drills.${randomUUID()}`;
    const otherRequest = { ...request, messages: [{ role: 'user' as const, content: 'something else' }] };
    const swapped = await start(targetId, captured(targetId, request), otherRequest);
    for (const result of [elsewhere, swapped]) {
      expect(result.route).toBe('default');
      expect(outcomes(result, 'access')).toEqual(['caller-unverified', 'route-refused']);
    }
    // Control: the same raw start with a claim for this very workflow and request is accepted.
    const ownId = `route-drills.${randomUUID()}`;
    const own = await start(ownId, captured(ownId, request), request);
    expect(own.route).toBe('drill');
  });

  it('a name without a key on the worker is anonymous', async () => {
    const router = new RouterClient({ client: harness.client, taskQueue: harness.taskQueue });
    const result = await router.route(drillRequest(), { caller: { name: 'admin', credential: CREDENTIAL } });
    expect(result.route).toBe('default');
    expect(outcomes(result, 'access')).toEqual(['caller-unverified', 'route-refused']);
    expect(result.trail.find((entry) => entry.outcome === 'caller-unverified')?.reason).toContain('no public key');
  });
});
