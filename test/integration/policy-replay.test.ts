import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../src/config/load-policy.js';
import type { RouteResult } from '../../src/policy/types.js';
import type { PolicyReplayReport } from '../../src/policy-replay/run-replay.js';
import { runPolicyReplay } from '../../src/policy-replay/run-replay.js';
import { runCli } from '../e2e/support/run-cli.js';
import { type Harness, startHarness, temporalFlags } from '../support/harness.js';

/** The active policy: orders on the cloud, billing on the private model (cloud as fallback), refunds to review. */
const ACTIVE = `
version: replay-active-1
defaults: { timeoutMs: 5000, deadlineMs: 20000, retries: 0, maxOutputTokens: 100, minConfidence: 0.5 }
providers:
  cloud: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal] }
  private: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  fast: { provider: cloud, id: ok, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
  strong: { provider: cloud, id: ok, contextTokens: 100000, price: { inputPer1M: 10, outputPer1M: 30 } }
  local: { provider: private, id: ok, contextTokens: 100000, price: { inputPer1M: 0, outputPer1M: 0 } }
intents:
  order_status: { risk: low, keywords: [order, package] }
  refund: { risk: high, keywords: [refund] }
  billing: { risk: low, keywords: [invoice, charge] }
routes:
  - name: risky
    when: { risk: high }
    primary: strong
    review: always
  - name: orders
    when: { intent: [order_status] }
    primary: fast
    fallbacks: [strong]
  - name: billing
    when: { intent: [billing] }
    primary: local
    fallbacks: [strong]
  - name: default
    primary: fast
    fallbacks: [local]
review: { reviewers: [alice@example.com] }
`;

/** The candidate: order_status moves to the billing route, and the cloud may now see restricted data. */
const CANDIDATE = ACTIVE.replace('version: replay-active-1', 'version: replay-candidate-1')
  .replace('  - name: orders\n    when: { intent: [order_status] }\n    primary: fast\n    fallbacks: [strong]\n', '')
  .replace('when: { intent: [billing] }', 'when: { intent: [billing, order_status] }')
  .replace(
    'cloud: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal] }',
    'cloud: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }',
  );

const ORDERS = ['Where is my order 1234?', 'Has my package shipped yet?', 'My order never arrived'];
const OTHERS = [
  'Please send me the invoice for November',
  'Send the invoice to jane.doe@example.com please',
  'Please charge card 4111 1111 1111 1111 for the invoice',
  'What are your opening hours?',
];

/**
 * `switchyard policy replay` on a real dev server: requests routed under the active policy, then re-decided from
 * their histories under a candidate that moves one intent and widens a provider's data classes.
 */
describe('policy replay (counterfactual)', () => {
  let harness: Harness;
  let candidateFile: string;
  const results = new Map<string, RouteResult>();
  let parkedId = '';

  beforeAll(async () => {
    expect(CANDIDATE).toContain('restricted] }\n  private');
    expect(CANDIDATE).not.toContain('name: orders');
    harness = await startHarness({ policyYaml: ACTIVE });
    for (const text of [...ORDERS, ...OTHERS]) {
      const result = await harness.router.route({ messages: [{ role: 'user', content: text }] });
      results.set(text, result);
    }
    const parked = await harness.router.start({ messages: [{ role: 'user', content: 'I want a refund now' }] });
    parkedId = parked.workflowId;
    for (let tries = 0; (await parked.status()).phase !== 'awaiting-review'; tries += 1) {
      if (tries > 150) throw new Error('the refund request never parked for review');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    candidateFile = join(mkdtempSync(join(tmpdir(), 'switchyard-replay-')), 'candidate.yaml');
    writeFileSync(candidateFile, CANDIDATE);
  }, 120_000);

  afterAll(async () => {
    if (parkedId) await harness?.client.workflow.getHandle(parkedId).terminate('test over');
    await harness?.stop();
  });

  it('routed the requests as the active policy says', () => {
    const routes = [...results.values()].map((result) => [result.route, result.privacy?.dataClass, result.outcome]);
    expect(routes).toEqual([
      ['orders', 'public', 'answered'],
      ['orders', 'public', 'answered'],
      ['orders', 'public', 'answered'],
      ['billing', 'public', 'answered'],
      ['billing', 'internal', 'answered'],
      ['billing', 'restricted', 'answered'],
      ['default', 'public', 'answered'],
    ]);
  });

  it('re-decides every recorded request, running ones included, and reports what would change', async () => {
    const candidate = parsePolicyText(CANDIDATE, candidateFile, 'candidate.yaml');
    const since = new Date(Date.now() - 3_600_000);
    let report: PolicyReplayReport | undefined;
    // Visibility is eventually consistent: wait until every request is listed.
    await expect
      .poll(
        async () => {
          report = await runPolicyReplay(harness.client, { candidate, since, taskQueue: harness.taskQueue });
          return report.requests;
        },
        { timeout: 15_000 },
      )
      .toBe(8);
    const orderIds = ORDERS.map((text) => results.get(text)!.workflowId);
    const card = results.get(OTHERS[2]!)!;
    expect(report).toMatchObject({
      candidate: { version: 'replay-candidate-1', hash: candidate.hash },
      requests: 8,
      running: 1,
      skipped: 0,
      routeChanges: 3,
      newlyReviewed: 0,
      noLongerReviewed: 0,
      dataClassViolations: 1,
      violations: [{ workflowId: card.workflowId, dataClass: 'restricted', providers: ['cloud'] }],
      dataClassWidening: ['cloud'],
      activeMismatches: 0,
      successes: 7,
      activePolicies: [{ version: 'replay-active-1', hash: harness.policy.hash, requests: 8 }],
      truncated: false,
      broken: [],
    });
    expect([...report!.changes].sort((a, b) => a.workflowId.localeCompare(b.workflowId))).toEqual(
      orderIds.sort().map((workflowId) => ({
        workflowId,
        from: { route: 'orders', model: 'fast' },
        to: { route: 'billing', model: 'local' },
      })),
    );
    // Recorded: the orders' cloud calls (the private model is free); candidate: every order on the free model.
    const recorded = [...results.values()].reduce((sum, result) => sum + result.costUsd, 0);
    expect(report!.estimatedCostPerSuccessUsd.active).toBeCloseTo(recorded / 7, 8);
    expect(report!.estimatedCostPerSuccessUsd.candidate).toBeLessThan(report!.estimatedCostPerSuccessUsd.active!);
  }, 30_000);

  it('CLI: --json prints the report and exits 3 when a --fail-on threshold breaks', async () => {
    const flags = [...temporalFlags(harness), '--since', '1h'];
    const broken = await runCli([
      'policy',
      'replay',
      candidateFile,
      '--json',
      '--fail-on',
      'dataClassViolations>0,routeChanges>20',
      ...flags,
    ]);
    expect(broken.code, broken.stderr).toBe(3);
    const json = JSON.parse(broken.stdout) as PolicyReplayReport;
    expect(json).toMatchObject({ requests: 8, routeChanges: 3, dataClassViolations: 1, dataClassWidening: ['cloud'] });
    expect(json.broken).toEqual([{ threshold: 'dataClassViolations>0', actual: 1 }]);

    const passing = await runCli(['policy', 'replay', candidateFile, '--fail-on', 'routeChanges>20', ...flags]);
    expect(passing.code, passing.stderr).toBe(0);
    expect(passing.stdout).toContain('route changes: 3');
    expect(passing.stdout).toContain('data classes widened for: cloud');

    const malformed = await runCli(['policy', 'replay', candidateFile, '--fail-on', 'routeChanges=>2', ...flags]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('malformed threshold "routeChanges=>2"');
  }, 120_000);
});
