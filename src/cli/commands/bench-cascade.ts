import type { Command, OptionValues } from '@commander-js/extra-typings';
import { parseAccuracies, renderCascadeSim, simulateCascade } from '../../bench/cascade-sim.js';
import { readOutcomeLines } from '../../router/outcome-lines.js';
import { positiveInteger } from '../shared-options.js';

/**
 * `switchyard bench cascade`: the cheap-first cascade with a verifier of stated accuracy, simulated on correctness
 * labels (docs/router.md#cascade): quality, strong-call share, PGR and cost per correct answer, with weak-only and
 * strong-only for comparison.
 */
export function registerBenchCascadeCommand<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  bench: Command<A, O, G>,
): void {
  bench
    .command('cascade')
    .description('simulate cheap-first + verifier escalation on weak_correct/strong_correct labels')
    .requiredOption('--input <file>', 'labelled JSONL (`{"prompt"|"messages","weak_correct","strong_correct"}`)')
    .option('--verifier-accuracy <list>', 'verifier accuracies to simulate, comma-separated, each 0..1', '0.7,0.8,0.9')
    .option('--strong-cost-ratio <x>', 'price of a strong call over a weak call', parseRatio('--strong-cost-ratio'), 10)
    .option(
      '--verifier-cost-ratio <x>',
      'price of one verification over a weak call (0: free checks)',
      parseRatio('--verifier-cost-ratio'),
      0,
    )
    .option('--seed <n>', 'PRNG seed of the verifier draws', positiveInteger('--seed'), 1)
    .option('--json', 'print JSON')
    .action((options) => {
      const result = simulateCascade(readOutcomeLines(options.input), {
        accuracies: parseAccuracies(options.verifierAccuracy),
        strongCostRatio: options.strongCostRatio,
        verifierCostRatio: options.verifierCostRatio,
        seed: options.seed,
      });
      console.log(options.json ? JSON.stringify(result) : renderCascadeSim(result));
    });
}

function parseRatio(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!(number >= 0) || !Number.isFinite(number)) throw new Error(`${name} must be a number >= 0, got "${value}"`);
    return number;
  };
}
