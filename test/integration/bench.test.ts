import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AttemptOverhead } from '../../src/bench/attempt-overhead.js';
import { benchPolicy } from '../../src/bench/bench-policy.js';
import { type BenchStack, startBenchStack } from '../../src/bench/bench-stack.js';
import type { PhaseMedians } from '../../src/bench/history-phases.js';
import { runReplayBench } from '../../src/bench/replay.js';
import { scaleProfiles } from '../../src/bench/scale-profiles.js';
import { runThroughputBench } from '../../src/bench/throughput.js';
import { tiersByPrice } from '../../src/bench/tiers.js';
import { DEMO_PROFILES } from '../../src/cli/demo-profiles.js';
import { parsePolicyText } from '../../src/config/load-policy.js';
import { readTraffic } from '../../src/traffic/read-traffic.js';
import { runCli } from '../e2e/support/run-cli.js';

/**
 * The benchmarks, tiny and on the shared dev server: they must run to the end and report every figure.
 * Nothing here asserts on speed.
 */
const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));

beforeAll(() => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by an earlier file in this process.
  }
});

describe('bench ttft (CLI)', () => {
  it('prints time to first token through the gateway and straight to the provider', async () => {
    const run = await runCli(
      ['bench', 'ttft', '--samples', '3', '--warmup', '1', '--first-token-ms', '100', '--total-ms', '600', '--json'],
      { env: { TEMPORAL_ADDRESS: inject('temporalAddress') }, timeoutMs: 120_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      samples: number;
      ttft: Record<'direct' | 'gateway', { p50: number; count: number }>;
      total: Record<'direct' | 'gateway', { p50: number }>;
      addedTtftP50Ms: number;
    };
    expect(result.samples).toBe(3);
    expect(result.ttft.direct.count).toBe(3);
    // Behaviour, not speed: the first token comes through the gateway before the model's last one.
    expect(result.ttft.gateway.p50).toBeLessThan(result.total.gateway.p50);
    expect(result.ttft.direct.p50).toBeGreaterThanOrEqual(100);
    expect(typeof result.addedTtftP50Ms).toBe('number');
  });
});

describe('bench overhead (CLI)', () => {
  it('prints every JSON field of the contract', async () => {
    const run = await runCli(['bench', 'overhead', '--samples', '4', '--warmup', '1', '--json'], {
      env: { TEMPORAL_ADDRESS: inject('temporalAddress') },
      timeoutMs: 120_000,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, number> & {
      phases: Record<'floor' | 'routed' | 'budgeted', PhaseMedians>;
    } & Record<'routedP50Ms' | 'budgetedP50Ms' | 'reservationP50Ms' | 'reservationP95Ms', number>;
    for (const path of ['direct', 'floor', 'routed', 'budgeted', 'gateway']) {
      for (const quantile of ['P50', 'P95', 'P99']) expect(result[`${path}${quantile}Ms`]).toBeGreaterThan(0);
    }
    // Requests taking 1, 3 and 6 attempts (each checked by the bench itself), against the same run's floor.
    const byAttempts = (result as unknown as { byAttempts: AttemptOverhead[] }).byAttempts;
    expect(byAttempts.map((row) => [row.attempts, row.route])).toEqual([
      [1, 'ok'],
      [3, 'attempts-3'],
      [6, 'attempts-6'],
    ]);
    expect(byAttempts[0]).toMatchObject({ p50Ms: result.routedP50Ms, perExtraAttemptP50Ms: null });
    for (const row of byAttempts) {
      expect(row.p50Ms).toBeGreaterThan(0);
      expect(row.routedToFloorP50).toBe(Math.round((row.p50Ms / result.floorP50Ms!) * 100) / 100);
      expect(row.routedToFloorP95).toBeGreaterThan(0);
    }
    expect(typeof byAttempts[2]!.perExtraAttemptP50Ms).toBe('number');
    expect(result.samples).toBe(4);
    expect(result.routedToFloorP50).toBeGreaterThan(0);
    const { low, high } = (result as unknown as { routedToFloorP50Interval: { low: number; high: number } })
      .routedToFloorP50Interval;
    expect(low).toBeGreaterThan(0);
    expect(high).toBeGreaterThanOrEqual(low);
    // The breakdown reads the histories of the measured workflows: the floor has one no-op activity and
    // 11 events; the routing workflow, answered on the fast path in one workflow task (its first attempt made inside
    // resolvePolicy, no patch marker), has 7.
    expect(result.phases.floor).toMatchObject({ count: 4, events: 11 });
    expect(result.phases.routed).toMatchObject({ count: 4, events: 7 });
    expect((result as unknown as { fastPath: unknown }).fastPath).toEqual({
      requests: 4,
      fastPath: 4,
      madeAhead: 4,
      oneTask: 4,
    });
    // The budgeted path reserves before and commits after its attempt: more events than the plain routed one.
    expect(result.phases.budgeted.count).toBe(4);
    expect(result.phases.budgeted.events).toBeGreaterThan(result.phases.routed.events);
    expect(result.reservationP50Ms).toBe(Math.round((result.budgetedP50Ms - result.routedP50Ms) * 10) / 10);
    expect(typeof result.reservationP95Ms).toBe('number');
    for (const phases of Object.values(result.phases)) {
      expect(phases.serverMs).toBeGreaterThan(0);
      expect(phases.firstTaskMs + phases.activityDispatchMs + phases.activityMs).toBeLessThanOrEqual(
        phases.serverMs + 1,
      );
    }
  });

  it('rejects a bad option with a one-line error', async () => {
    const run = await runCli(['bench', 'overhead', '--samples', '0']);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim()).toBe('switchyard: --samples must be >= 1');
  });
});

describe('bench outage (CLI)', () => {
  type OutageRun = {
    timeToAnswerMs: number[];
    primaryAttemptsPerRequest: number[];
    primaryAttempts: number;
    primarySkipped: number;
    p50Ms: number;
    p95Ms: number;
    totalMs: number;
  };
  const outage = async (args: string[]) => {
    const run = await runCli(['bench', 'outage', ...args, '--json'], {
      env: { TEMPORAL_ADDRESS: inject('temporalAddress') },
      timeoutMs: 120_000,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as {
      fault: string;
      requests: number;
      primaryModel: string;
      limits: Record<string, number>;
      withBreaker: OutageRun;
      withoutBreaker: OutageRun;
    };
  };

  it('5xx: every request pays the dead primary without the breaker; with it, calls stop once it opens', async () => {
    const result = await outage(['--requests', '3']);
    expect(result).toMatchObject({ fault: '5xx', requests: 3, primaryModel: 'error:status=500' });
    expect(result.limits).toMatchObject({ retries: 2, firstTokenTimeoutMs: 2000 });
    for (const run of [result.withBreaker, result.withoutBreaker]) {
      expect(run.timeToAnswerMs).toHaveLength(3);
      expect(run.primaryAttemptsPerRequest).toHaveLength(3);
      for (const key of ['p50Ms', 'p95Ms', 'totalMs'] as const) expect(run[key]).toBeGreaterThan(0);
    }
    // Without the breaker: 1 try + 2 retries per request. With it: open after 5 failures in a row (the worker's
    // own view opens at once), the rest skipped.
    expect(result.withoutBreaker).toMatchObject({ primaryAttemptsPerRequest: [3, 3, 3], primarySkipped: 0 });
    expect(result.withBreaker).toMatchObject({ primaryAttemptsPerRequest: [3, 2, 0], primarySkipped: 2 });
  });

  it('timeout: the primary hangs until its first-token limit, then the fallback answers', async () => {
    const result = await outage(['--fault', 'timeout', '--requests', '1']);
    expect(result).toMatchObject({ fault: 'timeout', requests: 1, primaryModel: 'no-response' });
    expect(result.withBreaker).toMatchObject({ primaryAttempts: 1, primarySkipped: 0 });
    expect(result.withoutBreaker).toMatchObject({ primaryAttempts: 1, primarySkipped: 0 });
  });

  it('rejects an unknown fault with a one-line error', async () => {
    const run = await runCli(['bench', 'outage', '--fault', 'smoke']);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim()).toBe('switchyard: --fault must be 5xx or timeout, got "smoke"');
  });
});

describe('bench throughput and replay', () => {
  let stack: BenchStack;
  let replayStack: BenchStack;
  const routellmPolicy = `
version: replay-test-1
providers:
  sim-openai: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
  sim-anthropic: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  strong: { provider: sim-anthropic, id: sim-strong, contextTokens: 128000, price: { inputPer1M: 10, outputPer1M: 30 } }
  weak: { provider: sim-openai, id: sim-fast, contextTokens: 32000, price: { inputPer1M: 0.6, outputPer1M: 0.6 } }
access: { forceModels: all, metadataKeys: [subject] }
routes:
  - { name: weak-subjects, when: { metadata: { subject: [easy] } }, primary: weak, fallbacks: [strong] }
  - { name: default, primary: strong, fallbacks: [weak] }
`;

  beforeAll(async () => {
    const address = inject('temporalAddress');
    stack = await startBenchStack({ policy: benchPolicy(), address });
    replayStack = await startBenchStack({
      policy: parsePolicyText(routellmPolicy, '/virtual/replay.yaml'),
      address,
      fakeProfiles: scaleProfiles(DEMO_PROFILES, 0.02),
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await replayStack?.stop();
  });

  it('measures routed and floor throughput in one bounded run', async () => {
    const result = await runThroughputBench(stack, { concurrency: 2, durationMs: 1000 });
    expect(result.routed.completed).toBeGreaterThan(0);
    expect(result.floor.completed).toBeGreaterThan(0);
    expect(result.routed.failed + result.floor.failed).toBe(0);
    expect(result.routedToFloor).toBeGreaterThan(0);
  });

  it('replays labelled traffic through the router and every baseline', async () => {
    const lines = ['easy', 'easy', 'hard', 'hard', 'hard'].map((subject, index) =>
      JSON.stringify({
        text: `${subject} question ${index}?`,
        metadata: { subject },
        expect: { correct: { strong: true, weak: subject === 'easy' } },
      }),
    );
    const file = join(dir, 'traffic.jsonl');
    writeFileSync(file, lines.join('\n'));
    const policy = replayStack.router.requirePolicy().policy;
    const result = await runReplayBench(replayStack.router, readTraffic(file), {
      concurrency: 4,
      tiers: tiersByPrice(policy),
      runId: Date.now().toString(36),
    });
    expect(result).toMatchObject({ requests: 5, labelled: 5 });
    expect(result.runs.map((run) => run.name)).toEqual(['router', 'all-premium', 'all-cheap', 'round-robin']);
    for (const run of result.runs) expect(run.finished).toBe(5);
    const router = result.runs[0]!;
    expect(router.scorecard.map((row) => row.route).sort()).toEqual(['all', 'default', 'weak-subjects']);
    // The all-cheap run answers "hard" items with the weak tier, which got them wrong.
    const cheap = result.runs.find((run) => run.name === 'all-cheap')!;
    expect(cheap.successes).toBeLessThanOrEqual(2);
  });
});
