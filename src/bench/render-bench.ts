import Table from 'cli-table3';
import { renderScorecard } from '../report/render-scorecard.js';
import { renderFastPathShare } from './fast-path-share.js';
import type { OutageResult } from './outage.js';
import { OVERHEAD_PATHS, type OverheadResult } from './overhead.js';
import type { RatioInterval } from './ratio-interval.js';
import type { ReplayResult } from './replay.js';
import type { ThroughputResult } from './throughput.js';
import type { TtftResult } from './ttft.js';

const PATH_LABELS = {
  direct: 'direct call (OpenAI adapter → fake ok)',
  floor: 'Temporal floor (1 no-op activity)',
  routed: 'routing workflow (route ok)',
  budgeted: 'routing workflow with a budget (reserve + commit)',
  gateway: 'gateway + openai SDK',
  routed3: 'routing workflow, 3 attempts (2 retries)',
  routed6: 'routing workflow, 6 attempts (2 retries, fallback, 2 retries)',
} as const;

const ms = (value: number) => value.toFixed(1);
const interval = ({ low, high }: RatioInterval) => `${low.toFixed(2)}–${high.toFixed(2)}×`;
const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);
const usd = (value: number | null) => (value === null ? '-' : `$${value.toPrecision(3)}`);

export function renderOverhead(result: OverheadResult): string {
  const table = new Table({ head: ['path', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms'], style: { head: [], border: [] } });
  for (const path of OVERHEAD_PATHS) {
    const stats = result.stats[path];
    table.push([PATH_LABELS[path], ms(stats.p50), ms(stats.p95), ms(stats.p99), ms(stats.mean)]);
  }
  return [
    `${result.samples} samples per path, interleaved`,
    table.toString(),
    `routed / floor p50: ${result.routedToFloorP50.toFixed(2)}× (95 % interval ${interval(result.routedToFloorP50Interval)} over the rounds; goal ≤ 1.00×); gateway adds ${ms(result.gatewayMinusRoutedP50Ms)} ms p50 over the routed call`,
    `a budget reservation adds ${ms(result.reservationP50Ms)} ms p50, ${ms(result.reservationP95Ms)} ms p95 over the routed call`,
    '',
    'routed requests by attempts, against the floor of this run (retries at once, no backoff)',
    renderByAttempts(result),
    '',
    `where the time goes (median ms over the last ${result.phases.routed.count} workflows of each, from their histories)`,
    renderPhases(result),
    renderFastPathShare(result.fastPath),
  ].join('\n');
}

function renderByAttempts(result: OverheadResult): string {
  const table = new Table({
    head: ['attempts', 'route', 'p50 ms', 'p95 ms', 'p50 ÷ floor', 'p95 ÷ floor', 'ms per extra attempt (p50)'],
    style: { head: [], border: [] },
  });
  for (const row of result.byAttempts) {
    table.push([
      String(row.attempts),
      row.route,
      ms(row.p50Ms),
      ms(row.p95Ms),
      `${row.routedToFloorP50.toFixed(2)}×`,
      `${row.routedToFloorP95.toFixed(2)}×`,
      row.perExtraAttemptP50Ms === null ? '-' : ms(row.perExtraAttemptP50Ms),
    ]);
  }
  return table.toString();
}

const PHASE_LABELS = [
  ['firstTaskMs', 'start → first workflow task done (local activities inside)'],
  ['activityDispatchMs', 'activity scheduled → started'],
  ['activityMs', 'activity started → closed (floor: no-op; routed: model call; budgeted: + reserve, commit)'],
  ['finalTaskMs', 'activity closed → workflow completed'],
  ['otherMs', 'other (timers, further tasks)'],
  ['outsideMs', 'outside the history (start RPC, result delivery)'],
  ['clientMs', 'the caller’s start → result, same workflows'],
] as const;

function renderPhases(result: OverheadResult): string {
  const { floor, routed, budgeted } = result.phases;
  const table = new Table({
    head: ['phase', 'floor', 'routed', 'routed − floor', 'budgeted', 'budgeted − routed'],
    style: { head: [], border: [] },
  });
  for (const [key, label] of PHASE_LABELS) {
    const row = [floor[key], routed[key], routed[key] - floor[key], budgeted[key], budgeted[key] - routed[key]];
    table.push([label, ...row.map(ms)]);
  }
  const events = [floor.events, routed.events, routed.events - floor.events, budgeted.events];
  table.push(['history events', ...[...events, budgeted.events - routed.events].map(String)]);
  return table.toString();
}

export function renderOutage(result: OutageResult): string {
  const { withBreaker, withoutBreaker, limits } = result;
  const table = new Table({
    head: ['request', 'with breaker ms', 'without breaker ms', 'primary calls with', 'primary calls without'],
    style: { head: [], border: [] },
  });
  for (let index = 0; index < result.requests; index += 1) {
    table.push([
      String(index + 1),
      ms(withBreaker.timeToAnswerMs[index]!),
      ms(withoutBreaker.timeToAnswerMs[index]!),
      String(withBreaker.primaryAttemptsPerRequest[index]),
      String(withoutBreaker.primaryAttemptsPerRequest[index]),
    ]);
  }
  const fault =
    result.fault === 'timeout'
      ? `never answers (first-token limit ${limits.firstTokenTimeoutMs} ms, then fallback)`
      : `answers 500 (${limits.retries} retries ${limits.retryDelayMs} ms apart, then fallback)`;
  const line = (name: string, run: OutageResult['withBreaker']) =>
    `${name} ${run.primaryAttempts} primary calls (${run.primarySkipped} skipped), time to answer p50 ${ms(run.p50Ms)} ms, p95 ${ms(run.p95Ms)} ms, total ${run.totalMs} ms`;
  return [
    `${result.requests} requests one after another per mode; the primary (${result.primaryModel}) ${fault}`,
    table.toString(),
    line('with breaker:   ', withBreaker),
    line('without breaker:', withoutBreaker),
  ].join('\n');
}

export function renderTtft(result: TtftResult): string {
  const table = new Table({
    head: ['path', 'TTFT p50', 'TTFT p95', 'last token p50', 'last token p95'],
    style: { head: [], border: [] },
  });
  table.push([
    'direct to the provider',
    ms(result.ttft.direct.p50),
    ms(result.ttft.direct.p95),
    ms(result.total.direct.p50),
    ms(result.total.direct.p95),
  ]);
  table.push([
    'gateway (routing workflow)',
    ms(result.ttft.gateway.p50),
    ms(result.ttft.gateway.p95),
    ms(result.total.gateway.p50),
    ms(result.total.gateway.p95),
  ]);
  return [
    `${result.samples} samples per path, interleaved; the model's first token at ${result.model.firstTokenMs} ms, its last at ${result.model.totalMs} ms`,
    table.toString(),
    `the gateway adds ${ms(result.addedTtftP50Ms)} ms p50 to the time to first token`,
  ].join('\n');
}

export function renderThroughput(result: ThroughputResult): string {
  const table = new Table({
    head: ['workflow', 'requests/s', 'completed', 'failed', 'p50 ms', 'p95 ms', 'p99 ms'],
    style: { head: [], border: [] },
  });
  for (const [name, phase] of [
    ['routing (route ok)', result.routed],
    ['floor', result.floor],
  ] as const) {
    table.push([
      name,
      phase.perSecond.toFixed(1),
      String(phase.completed),
      String(phase.failed),
      ms(phase.latency.p50),
      ms(phase.latency.p95),
      ms(phase.latency.p99),
    ]);
  }
  return [
    `concurrency ${result.concurrency}, ${(result.durationMs / 1000).toFixed(0)} s per workflow`,
    table.toString(),
    `routing throughput is ${(result.routedToFloor * 100).toFixed(0)}% of the floor's`,
  ].join('\n');
}

export function renderReplay(result: ReplayResult): string {
  const router = result.runs.find((run) => run.name === 'router');
  const lines: string[] = [];
  if (router) lines.push('router, per route', renderScorecard(router.scorecard, { extended: true }), '');
  const table = new Table({
    head: ['run', 'sends', 'success', '$/success', '$/request', 'total $', 'p50 ms', 'p95 ms', 'unfinished'],
    style: { head: [], border: [] },
  });
  for (const run of result.runs) {
    table.push([
      run.name,
      run.description,
      percent(run.successRate),
      usd(run.costPerSuccessUsd),
      usd(run.costPerRequestUsd),
      usd(run.costUsd),
      String(Math.round(run.p50LatencyMs)),
      String(Math.round(run.p95LatencyMs)),
      String(run.requests - run.finished),
    ]);
  }
  const success =
    result.labelled > 0
      ? `success = answered by a model whose tier got the item right (${result.labelled}/${result.requests} items labelled; tiers ${Object.entries(
          result.tiers,
        )
          .map(([model, tier]) => `${model}=${tier}`)
          .join(', ')})`
      : 'success = an answer from a model or a person (no correctness labels in the traffic)';
  const { savings } = result;
  lines.push(`router vs baselines, ${result.requests} requests each; ${success}`, table.toString());
  lines.push(
    `cost per success vs all-premium: ${percent(savings.costPerSuccessVsPremium)} saved, success ${
      savings.successDeltaVsPremium === null ? '-' : `${(savings.successDeltaVsPremium * 100).toFixed(1)} points`
    }`,
    `saving at equal success (vs a random premium/cheap mix reaching the router's success, ${percent(
      savings.equalSuccessPremiumShare,
    )} premium): ${percent(savings.atEqualSuccess)}`,
  );
  return lines.join('\n');
}
