import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../e2e/support/run-cli.js';

/**
 * `switchyard demo` (what `npm run demo` runs) ends with its scorecard: the whole job on a slice of the example
 * traffic. A client on the worker's connection once made the simulated reviewer's last review-queue poll hang after
 * every request had settled, so the demo never printed its scorecard.
 */
describe('switchyard demo', () => {
  it('routes the traffic, resolves or leaves reviews, prints the scorecard and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-demo-'));
    const traffic = join(dir, 'traffic.jsonl');
    const lines = readFileSync('examples/traffic/support-inbox.jsonl', 'utf8').split('\n').filter(Boolean);
    writeFileSync(traffic, `${lines.slice(0, 30).join('\n')}\n`);
    const ports = ['--port', '--temporal-http-port', '--temporal-metrics-port', '--ui-port', '--fake-port']
      .concat(['--gateway-port', '--review-port'])
      .flatMap((flag) => [flag, '0']);
    const run = await runCli(['demo', '--traffic', traffic, '--json', ...ports], { timeoutMs: 170_000 });
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
      requests: number;
      finished: number;
      parked: number;
      scorecard: { route: string; requests: number }[];
    };
    expect(summary.requests).toBe(30);
    expect(summary.finished + summary.parked).toBe(30);
    expect(summary.parked).toBe(3); // --leave-parked defaults to 3
    expect(summary.scorecard.at(-1)).toMatchObject({ route: 'all', requests: summary.finished });
  }, 180_000);
});
