/**
 * Records replay fixtures: one workflow history per path through the routing workflow, written to
 * test/fixtures/histories/<name>.json (plus manifest.json). Starts its own in-memory dev server, a fake
 * provider and a worker, all on loopback, and stops them at the end.
 *
 *   npx tsx scripts/record-fixtures.ts [--out DIR] [--only NAME,NAME]
 *
 * Re-record only on purpose (see docs/workflow-changes.md): the fixtures prove that new workflow code
 * still replays histories written by the old one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { historyToJson } from '../src/audit/history-json.js';
import { reviewerPublicKeysOf } from '../src/auth/reviewer-keys.js';
import { type RouteHandle, RouterClient } from '../src/client/router-client.js';
import { loadPolicyFile, parsePolicyText } from '../src/config/load-policy.js';
import { startFakeProvider } from '../src/fake-provider/index.js';
import { signReviewDecision } from '../src/policy/review-decision.js';
import type { ReviewDecision, RouteResult } from '../src/policy/types.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { PACKAGE_ROOT } from '../src/temporal/paths.js';
import { createSwitchyardWorker } from '../src/worker/create-worker.js';
import { loadWorkerTrust } from '../src/worker/worker-config.js';
import { bundleSourceHash } from '../src/worker/workflow-bundle.js';

/** Paths the fault-drill policy does not cover: privacy narrowing and a response-format failure. */
const AUDIT_DRILL_POLICY = `
version: audit-drill-1
defaults: { timeoutMs: 2000, deadlineMs: 10000, retries: 1, retryDelayMs: 100, maxOutputTokens: 128 }
providers:
  cloud: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal], region: us }
  private: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted], region: eu }
models:
  cloud-ok: { provider: cloud, id: ok, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  private-ok: { provider: private, id: ok, contextTokens: 16000, price: { inputPer1M: 0, outputPer1M: 0 }, capabilities: [json] }
  bad-json: { provider: cloud, id: bad-json, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
access: { metadataKeys: [task] }
routes:
  - name: json-triage
    when: { metadata: { task: triage } }
    primary: bad-json
    fallbacks: [cloud-ok]
    responseFormat: { type: json }
  - name: cloud-only
    when: { metadata: { task: cloud-only } }
    primary: cloud-ok
  - name: default
    primary: cloud-ok
    fallbacks: [private-ok]
review: { reviewers: [reviewer@example.com], onTimeout: degrade }
`;

/** Budget paths: an attempt reserved and committed on a ledger, and one a budget refuses (`onExhausted: reject`). */
const BUDGET_DRILL_POLICY = `
version: budget-drill-1
defaults: { timeoutMs: 2000, deadlineMs: 10000, retries: 1, retryDelayMs: 100, maxOutputTokens: 128 }
providers:
  cloud: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  cloud-ok: { provider: cloud, id: ok, contextTokens: 16000, price: { inputPer1M: 1, outputPer1M: 2 } }
access: { metadataKeys: [task] }
routes:
  - name: capped
    when: { metadata: { task: capped } }
    primary: cloud-ok
  - name: default
    primary: cloud-ok
budgets:
  - { name: fixture-total, scope: all, period: day, limitUsd: 100, alertAt: [0.5] }
  - { name: fixture-capped, scope: { route: capped }, period: day, limitUsd: 0.000001, onExhausted: reject }
`;

const FAULT_ROUTES = [
  'ok',
  'slow',
  '429-retry-after',
  '429',
  '500-once',
  '503',
  'reset-once',
  'no-response',
  'slow-first-token',
  'stream-cut',
  'stream-stall',
  'malformed-chunk',
  'no-done',
  'context-length',
  'content-filter',
  'content-policy',
  'flap',
  'output-cap',
];

const CARD_TEXT = 'Please refund the charge on card 4111 1111 1111 1111, it was not me.';
const REVIEWER = 'reviewer@example.com';
/** The fixture reviewer's credential (a test token; the worker trusts its public key). */
const REVIEWER_TOKEN = 'fixture-reviewer-token-0000000000';

interface Scenario {
  name: string;
  description: string;
  run(): Promise<{ workflowId: string; result: RouteResult }>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, only: { type: 'string' } } });
  const outDir = values.out ?? join(PACKAGE_ROOT, 'test', 'fixtures', 'histories');
  const only = values.only ? new Set(values.only.split(',')) : null;
  Runtime.install({ logger: new DefaultLogger('WARN') });

  const server = await startDevServer({ fastSqlite: true });
  const fake = await startFakeProvider({ port: 0 });
  const workerConnection = await NativeConnection.connect({ address: server.address });
  const taskQueue = 'record-fixtures';
  const drillPolicy = loadPolicyFile(join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml'));
  const auditPolicy = parsePolicyText(AUDIT_DRILL_POLICY, '/virtual/audit-drill.yaml', 'audit-drill.yaml');
  const budgetPolicy = parsePolicyText(BUDGET_DRILL_POLICY, '/virtual/budget-drill.yaml', 'budget-drill.yaml');
  const worker = await createSwitchyardWorker({
    connection: workerConnection,
    trust: loadWorkerTrust(
      { loaded: [drillPolicy, auditPolicy, budgetPolicy] },
      { env: {}, reviewerKeys: reviewerPublicKeysOf({ [REVIEWER_TOKEN]: REVIEWER }) },
    ),
    namespace: server.namespace,
    taskQueue,
    dataConverter: {},
    activities: { fakeProviderUrl: fake.url },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  const drill = new RouterClient({
    client,
    taskQueue,
    policy: drillPolicy,
  });
  const audit = new RouterClient({
    client,
    taskQueue,
    policy: auditPolicy,
  });
  const budgeted = new RouterClient({ client, taskQueue, policy: budgetPolicy });

  const finish = async (handle: RouteHandle) => ({ workflowId: handle.workflowId, result: await handle.result() });
  const parked = async (name: string, options: { reviewDeadlineMs?: number } = {}) => {
    const handle = await drill.start(
      { route: 'review-always', messages: [{ role: 'user', content: `fixture ${name}: please review` }] },
      { workflowId: `fixture-${name}`, ...options },
    );
    await waitForReview(handle);
    return handle;
  };
  const scenarios: Scenario[] = [
    ...FAULT_ROUTES.map((route) => ({
      name: `drill-${route}`,
      description: `fault-drill route ${route}`,
      run: async () =>
        finish(
          await drill.start(
            { route, messages: [{ role: 'user', content: `drill for ${route}` }] },
            { workflowId: `fixture-drill-${route}` },
          ),
        ),
    })),
    {
      name: 'review-update-approve',
      description: 'review-always: draft approved through the Update',
      run: async () => {
        const handle = await parked('review-update-approve');
        await handle.resolveReview(
          signReviewDecision(REVIEWER_TOKEN, handle.workflowId, {
            reviewer: REVIEWER,
            decision: 'approve-draft',
            note: 'looks right',
          }),
        );
        return finish(handle);
      },
    },
    {
      name: 'budget-committed',
      description: 'budgets: the attempt reserved on the ledger, answered, its cost committed',
      run: async () =>
        finish(
          await budgeted.start(
            { messages: [{ role: 'user', content: 'fixture budget-committed' }] },
            { workflowId: 'fixture-budget-committed' },
          ),
        ),
    },
    {
      name: 'budget-rejected',
      description: 'budgets: a route budget cannot cover the attempt (onExhausted: reject), reason in the trail',
      run: async () =>
        finish(
          await budgeted.start(
            { messages: [{ role: 'user', content: 'fixture budget-rejected' }], metadata: { task: 'capped' } },
            { workflowId: 'fixture-budget-rejected' },
          ),
        ),
    },
    {
      name: 'review-signal-reply',
      description: 'review-always: an invalid Signal (ignored), then a reply written by the reviewer via Signal',
      run: async () => {
        const handle = await parked('review-signal-reply');
        await handle.signalReview({ reviewer: 'mallory@example.com', decision: 'reject' } as ReviewDecision);
        await handle.signalReview(
          signReviewDecision(REVIEWER_TOKEN, handle.workflowId, {
            reviewer: REVIEWER,
            decision: 'reply-with-text',
            text: 'A person wrote this.',
          }),
        );
        return finish(handle);
      },
    },
    {
      name: 'review-timeout',
      description: 'review-always with a 1.5 s review deadline: nobody answers, the request degrades',
      run: async () => finish(await parked('review-timeout', { reviewDeadlineMs: 1500 })),
    },
    {
      name: 'review-reroute',
      description: 'review-always: the reviewer reroutes to model no-done, which answers',
      run: async () => {
        const handle = await parked('review-reroute');
        await handle.resolveReview(
          signReviewDecision(REVIEWER_TOKEN, handle.workflowId, {
            reviewer: REVIEWER,
            decision: 'reroute-to-model',
            model: 'no-done',
          }),
        );
        return finish(handle);
      },
    },
    {
      name: 'privacy-restricted',
      description: 'a card number makes the request restricted: the cloud model is excluded, the private one answers',
      run: async () =>
        finish(
          await audit.start(
            { messages: [{ role: 'user', content: CARD_TEXT }] },
            { workflowId: 'fixture-privacy-restricted' },
          ),
        ),
    },
    {
      name: 'privacy-no-provider',
      description: 'restricted data on a cloud-only route: nothing may take it, review times out, degrade',
      run: async () =>
        finish(
          await audit.start(
            { messages: [{ role: 'user', content: CARD_TEXT }], metadata: { task: 'cloud-only' } },
            { workflowId: 'fixture-privacy-no-provider', reviewDeadlineMs: 1000 },
          ),
        ),
    },
    {
      name: 'format-failure',
      description: 'JSON required, the primary answers prose (format failure), the fallback answers JSON',
      run: async () =>
        finish(
          await audit.start(
            { messages: [{ role: 'user', content: 'Triage: my parcel is late' }], metadata: { task: 'triage' } },
            { workflowId: 'fixture-format-failure' },
          ),
        ),
    },
  ];

  mkdirSync(outDir, { recursive: true });
  const manifest: Record<string, unknown>[] = [];
  try {
    const selected = scenarios.filter((scenario) => !only || only.has(scenario.name));
    const outcomes = await Promise.all(
      selected.map(async (scenario) => {
        const { workflowId, result } = await scenario.run();
        const history = await client.workflow.getHandle(workflowId).fetchHistory();
        const json = JSON.stringify(JSON.parse(historyToJson(history)), null, 1);
        writeFileSync(join(outDir, `${scenario.name}.json`), `${json}\n`);
        return { scenario, workflowId, result, events: history.events?.length ?? 0 };
      }),
    );
    for (const { scenario, workflowId, result, events } of outcomes) {
      manifest.push({
        name: scenario.name,
        description: scenario.description,
        workflowId,
        outcome: result.outcome,
        route: result.route,
        model: result.model,
        attempts: result.attempts.map((attempt) => `${attempt.role}:${attempt.model}:${attempt.errorType ?? 'ok'}`),
        events,
      });
      console.log(`${scenario.name.padEnd(24)} ${result.outcome.padEnd(9)} ${events} events`);
    }
    const recorded = { recordedAt: new Date().toISOString(), bundleSourceHash: bundleSourceHash(), fixtures: manifest };
    if (!only) writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(recorded, null, 2)}\n`);
  } finally {
    worker.shutdown();
    await running;
    await workerConnection.close();
    await connection.close();
    await fake.close();
    await server.stop();
  }
}

async function waitForReview(handle: RouteHandle): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await handle.status()).phase === 'awaiting-review') return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${handle.workflowId} never reached awaiting-review`);
}

main().catch((error: unknown) => {
  console.error(error);
  // The embedded dev server and worker would keep the process alive: a failed recording must end.
  process.exit(1);
});
