import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../temporal/paths.js';
import { type LatencyStats, latencyStats } from './latency-stats.js';

/** The command lines `bench startup` times: the cheapest one, and the help of the most used command. */
export const STARTUP_CASES = [['--version'], ['route', '--help']] as const;

export interface StartupBenchOptions {
  /** Timed spawns per command line (after one untimed warm-up). @default 10 */
  runs: number;
  /** The CLI script to spawn with this Node. @default bin/switchyard.js of this package */
  bin?: string;
}

export interface StartupBenchResult {
  bin: string;
  runs: number;
  cases: { args: string[]; stats: LatencyStats }[];
}

/** Wall time of `node <bin> <args>` from spawn to exit, ms, for each case, one spawn at a time. */
export function runStartupBench(options: StartupBenchOptions): StartupBenchResult {
  const bin = options.bin ?? join(PACKAGE_ROOT, 'bin', 'switchyard.js');
  const cases = STARTUP_CASES.map((args) => {
    spawnCli(bin, args);
    const durations = Array.from({ length: options.runs }, () => spawnCli(bin, args));
    return { args: [...args], stats: latencyStats(durations) };
  });
  return { bin, runs: options.runs, cases };
}

function spawnCli(bin: string, args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, ...args], { stdio: 'ignore' });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`switchyard ${args.join(' ')} exited with ${result.status}`);
  return elapsed;
}
