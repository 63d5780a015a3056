import type { Command, OptionValues } from '@commander-js/extra-typings';
import { runStartupBench } from '../../bench/startup.js';
import { positiveInteger } from '../shared-options.js';

/** `switchyard bench startup`: CLI cold start, p50/p95 wall time of `--version` and `route --help`. */
export function registerBenchStartupCommand<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  bench: Command<A, O, G>,
): void {
  bench
    .command('startup')
    .description('p50/p95 wall time of `switchyard --version` and `switchyard route --help`, one process each')
    .option('--runs <n>', 'timed spawns per command line', positiveInteger('--runs'), 10)
    .option('--json', 'print JSON')
    .action((options) => {
      const result = runStartupBench({ runs: options.runs });
      if (options.json) {
        console.log(JSON.stringify(result));
        return;
      }
      console.log(`CLI cold start, ${result.runs} spawns each (${result.bin})`);
      for (const { args, stats } of result.cases) {
        const name = `switchyard ${args.join(' ')}`.padEnd(24);
        console.log(
          `  ${name} p50 ${stats.p50.toFixed(0)} ms  p95 ${stats.p95.toFixed(0)} ms  mean ${stats.mean.toFixed(0)} ms`,
        );
      }
    });
}
