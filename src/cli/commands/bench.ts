import { writeFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { benchPolicy } from '../../bench/bench-policy.js';
import { runBudgetBench } from '../../bench/budget-bench.js';
import { runOverheadBench } from '../../bench/overhead.js';
import { renderOverhead, renderReplay, renderThroughput, renderTtft } from '../../bench/render-bench.js';
import { REPLAY_RUNS, type ReplayRunName, runReplayBench } from '../../bench/replay.js';
import { cheapSubjects, readRouteLlm, routeLlmTraffic, splitRouteLlm } from '../../bench/routellm.js';
import { routeLlmPolicyYaml } from '../../bench/routellm-policy.js';
import { scaleProfiles } from '../../bench/scale-profiles.js';
import { runThroughputBench } from '../../bench/throughput.js';
import { parseTiers, tiersByPrice } from '../../bench/tiers.js';
import { runTtftBench, ttftPolicy } from '../../bench/ttft.js';
import { readTraffic } from '../../traffic/read-traffic.js';
import { onBenchStack, sampledBench } from '../bench-frame.js';
import { DEMO_PROFILES } from '../demo-profiles.js';
import { createProgress } from '../progress.js';
import { DEFAULT_DEMO_POLICY, loadPolicy, positiveInteger } from '../shared-options.js';
import { registerBenchCascadeCommand } from './bench-cascade.js';
import { parseRatio, parseSplit, runReplayCurve } from './bench-curve.js';
import { registerBenchDecisionCommand } from './bench-decision.js';
import { registerBenchOutageCommand } from './bench-outage.js';
import { registerBenchStartupCommand } from './bench-startup.js';

/** `switchyard bench …`: loopback-only, bounded benchmarks with table output or --json. */
export function registerBenchCommand(program: Command): void {
  const bench = program
    .command('bench')
    .description(
      'benchmarks: router overhead, throughput, outage with and without the circuit breaker, traffic replay, decision path',
    );
  registerBenchDecisionCommand(bench);
  registerBenchStartupCommand(bench);
  registerBenchOutageCommand(bench);
  registerBenchCascadeCommand(bench);

  bench
    .command('budget')
    .description('what a budget reservation costs: p50/p95 of routed requests with a budget vs without')
    .option('--samples <n>', 'measured requests per path', positiveInteger('--samples'), 100)
    .option('--warmup <n>', 'unmeasured rounds first', positiveInteger('--warmup'), 10)
    .option('--address <host:port>', 'existing Temporal (default: TEMPORAL_ADDRESS, else an embedded dev server)')
    .option('--json', 'print JSON')
    .action((options) =>
      sampledBench(
        options,
        { policy: benchPolicy() },
        (stack, run) => runBudgetBench(stack, run),
        (result) =>
          `routed without budget p50 ${result.routedP50Ms} ms, p95 ${result.routedP95Ms} ms\n` +
          `routed with a budget  p50 ${result.budgetedP50Ms} ms, p95 ${result.budgetedP95Ms} ms\n` +
          `reservation (reserve + commit) adds p50 ${result.reservationP50Ms} ms, p95 ${result.reservationP95Ms} ms`,
      ),
    );

  bench
    .command('overhead')
    .description(
      'p50/p95/p99 of a direct model call, Temporal’s floor, the routing workflow (without and with a budget) and the gateway',
    )
    .option('--samples <n>', 'measured samples per path', positiveInteger('--samples'), 200)
    .option('--warmup <n>', 'unmeasured rounds first', positiveInteger('--warmup'), 20)
    .option('--eager-start', 'start workflows eagerly (client shares the worker’s NativeConnection)')
    .option('--address <host:port>', 'existing Temporal (default: TEMPORAL_ADDRESS, else an embedded dev server)')
    .option('--json', 'print JSON')
    .action((options) =>
      sampledBench(
        options,
        { policy: benchPolicy() },
        (stack, run) => runOverheadBench(stack, run),
        renderOverhead,
        (result) => ({ ...result, eagerStart: options.eagerStart === true }),
      ),
    );

  bench
    .command('ttft')
    .description('time to first token of a streamed answer: through the gateway vs straight to the provider')
    .option('--samples <n>', 'measured samples per path', positiveInteger('--samples'), 30)
    .option('--warmup <n>', 'unmeasured rounds first', positiveInteger('--warmup'), 3)
    .option('--first-token-ms <ms>', 'the fake model’s time to first token', positiveInteger('--first-token-ms'), 300)
    .option('--total-ms <ms>', 'the fake model’s time to its last token', positiveInteger('--total-ms'), 2000)
    .option('--address <host:port>', 'existing Temporal (default: TEMPORAL_ADDRESS, else an embedded dev server)')
    .option('--json', 'print JSON')
    .action((options) => {
      const firstTokenMs = options.firstTokenMs;
      const totalMs = Math.max(options.totalMs, firstTokenMs);
      return sampledBench(
        options,
        { policy: ttftPolicy(firstTokenMs, totalMs) },
        (stack, run) => runTtftBench(stack, { ...run, firstTokenMs, totalMs }),
        renderTtft,
      );
    });

  bench
    .command('throughput')
    .description('sustained routed requests/s at a fixed concurrency, and the floor workflow’s, in one run')
    .option('--concurrency <n>', 'requests in flight', positiveInteger('--concurrency'), 16)
    .option(
      '--duration <seconds>',
      'measured seconds per workflow (routing, then floor)',
      positiveInteger('--duration'),
      10,
    )
    .option('--eager-start', 'start workflows eagerly (client shares the worker’s NativeConnection)')
    .option('--address <host:port>', 'existing Temporal (default: TEMPORAL_ADDRESS, else an embedded dev server)')
    .option('--json', 'print JSON')
    .action(async (options) => {
      if (options.concurrency < 1 || options.duration < 1) throw new Error('--concurrency and --duration must be >= 1');
      const result = await onBenchStack(options, { policy: benchPolicy() }, (stack) =>
        runThroughputBench(stack, {
          concurrency: options.concurrency,
          durationMs: options.duration * 1000,
          onProgress: (phase, elapsed, done) => {
            if (!options.json && process.stdout.isTTY)
              process.stdout.write(`\r  ${phase}: ${(elapsed / 1000).toFixed(1)} s, ${done} done   `);
          },
        }),
      );
      if (!options.json && process.stdout.isTTY) process.stdout.write('\n');
      console.log(
        options.json
          ? JSON.stringify({ ...result, eagerStart: options.eagerStart === true })
          : renderThroughput(result),
      );
    });

  bench
    .command('replay')
    .description('replay traffic through the router and baselines; --curve: the router curve of a labelled file')
    .requiredOption(
      '--input <file>',
      'traffic JSONL (`{"text"|"messages", "metadata"?, "expect"?: {"correct": {"strong": true, ...}}}`)',
    )
    .option('--policy <file>', 'policy (default: SWITCHYARD_POLICY or the demo policy)')
    .option('--concurrency <n>', 'requests in flight', positiveInteger('--concurrency'), 16)
    .option(
      '--tiers <pairs>',
      'model=tier pairs for correctness labels (default: most expensive model = strong, others weak)',
    )
    .option('--runs <names>', `runs to make (${REPLAY_RUNS.join(',')})`, REPLAY_RUNS.join(','))
    .option('--time-scale <factor>', 'multiply simulated model latencies', parseFactor, 1)
    .option('--address <host:port>', 'existing Temporal (default: TEMPORAL_ADDRESS, else an embedded dev server)')
    .option('--json', 'print JSON')
    // --curve: the router's quality / strong-share curve of a labelled file, no replay (bench-curve.ts).
    .option('--curve', 'print the router curve of a labelled file instead ({"prompt","weak_correct","strong_correct"})')
    .option('--model <file>', 'with --curve: a trained router.json scoring every line (default: train one)')
    .option('--train-split <fraction>', 'with --curve: share of lines to train on, by prompt hash', parseSplit, 0.5)
    .option('--seed <n>', 'with --curve: split and fold seed', positiveInteger('--seed'), 1)
    .option('--folds <k>', 'with --curve: also k-fold cross-validate (mean ± sd APGR)', positiveInteger('--folds'))
    .option('--strong-cost-ratio <n>', 'with --curve: strong price / weak price per call', parseRatio, 10)
    .option('--html <file>', 'with --curve: also write an HTML page with the chart')
    .action(async (options) => {
      if (options.curve) return runReplayCurve(options);
      const policy = loadPolicy(options.policy, DEFAULT_DEMO_POLICY);
      const items = readTraffic(options.input);
      if (items.length === 0) throw new Error(`${options.input}: no traffic lines`);
      const runs = parseRuns(options.runs);
      const tiers = options.tiers ? parseTiers(options.tiers, policy.policy) : tiersByPrice(policy.policy);
      if (options.concurrency < 1) throw new Error('--concurrency must be >= 1');
      const settings = { policy, fakeProfiles: scaleProfiles(DEMO_PROFILES, options.timeScale) };
      const result = await onBenchStack(options, settings, async (stack) => {
        const progress = createProgress(items.length * runs.length, options.json ? 'silent' : 'auto');
        let settled = 0;
        const result = await runReplayBench(stack.router, items, {
          reviewerTokens: stack.reviewerTokens,
          concurrency: options.concurrency,
          runs,
          tiers,
          runId: Date.now().toString(36),
          onProgress: () => progress.update(++settled),
        });
        progress.stop();
        return result;
      });
      console.log(options.json ? JSON.stringify(result) : renderReplay(result));
    });

  bench
    .command('routellm')
    .description('convert RouteLLM MMLU correctness data into a replay traffic file (+ a calibrated policy)')
    .requiredOption('--input <file>', 'routellm-mmlu.jsonl (lm-sys/RouteLLM, Apache-2.0); read in place, never copied')
    .requiredOption('--out <file>', 'traffic JSONL to write (held-out evaluation split)')
    .option('--policy-out <file>', 'also write a policy routing subjects the weak model handles to it')
    .option('--limit <n>', 'traffic lines (a seeded sample of the evaluation split)', positiveInteger('--limit'), 400)
    .option(
      '--max-gap <fraction>',
      'weak model may take a subject when its accuracy is within this of the strong one',
      parseFraction,
      0.05,
    )
    .option('--seed <n>', 'split and sample seed', positiveInteger('--seed'), 1)
    .option('--json', 'print a JSON summary')
    .action((options) => {
      const { calibration, evaluation } = splitRouteLlm(readRouteLlm(options.input), 0.5, options.seed);
      const lines = routeLlmTraffic(evaluation, options.limit, options.seed);
      writeFileSync(options.out, `${lines.join('\n')}\n`);
      const cheap = cheapSubjects(calibration, options.maxGap);
      if (options.policyOut) writeFileSync(options.policyOut, routeLlmPolicyYaml(cheap));
      const summary = {
        calibrationItems: calibration.length,
        evaluationItems: evaluation.length,
        trafficLines: lines.length,
        cheapSubjects: cheap.length,
        out: options.out,
        policyOut: options.policyOut ?? null,
      };
      if (options.json) console.log(JSON.stringify(summary));
      else {
        console.log(`wrote ${lines.length} traffic lines to ${options.out} (from ${evaluation.length} held-out items)`);
        if (options.policyOut)
          console.log(`wrote ${options.policyOut}: ${cheap.length} subjects routed to the weak model`);
      }
    });
}

function parseRuns(value: string): ReplayRunName[] {
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(REPLAY_RUNS as readonly string[]).includes(name))
      throw new Error(`--runs: unknown run "${name}" (use ${REPLAY_RUNS.join(', ')})`);
  }
  return names as ReplayRunName[];
}

function parseFactor(value: string): number {
  const number = Number(value);
  if (!(number > 0) || !Number.isFinite(number))
    throw new Error(`--time-scale must be a positive number, got "${value}"`);
  return number;
}

function parseFraction(value: string): number {
  const number = Number(value);
  if (!(number >= 0 && number <= 1)) throw new Error(`--max-gap must be within 0..1, got "${value}"`);
  return number;
}
