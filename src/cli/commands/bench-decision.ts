import type { Command, OptionValues } from '@commander-js/extra-typings';
import { runDecisionBench } from '../../bench/decision-path.js';
import { createClassifier } from '../../classify/classifier.js';
import { classifierLoader } from '../../classify/classifier-loader.js';
import { readModelFile } from '../../classify/model-file.js';
import { classifierSourceOf } from '../../policy/classifier-source.js';
import { supportMessage } from '../../privacy/bench-texts.js';
import { DEFAULT_DEMO_POLICY, loadPolicy, positiveInteger } from '../shared-options.js';

/** `switchyard bench decision`: the in-process decision path (classify + privacy + route) on 2 KB prompts. */
export function registerBenchDecisionCommand<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  bench: Command<A, O, G>,
): void {
  bench
    .command('decision')
    .description('p50/p95/p99 of the decision path (classify + privacy scan + route decision) on 2 KB prompts')
    .option('--policy <file>', 'policy whose rules, privacy rules and routes decide', DEFAULT_DEMO_POLICY)
    .option('--model <file>', 'a trained intent model (`switchyard train`); default: the policy’s own')
    .option('--chars <n>', 'prompt size in characters', positiveInteger('--chars'), 2048)
    .option('--iterations <n>', 'measured decisions', positiveInteger('--iterations'), 20_000)
    .option('--json', 'print JSON')
    .action((options) => {
      const policy = loadPolicy(options.policy);
      const source = classifierSourceOf(policy.policy);
      const model = options.model
        ? Object.assign(createClassifier(readModelFile(options.model)), {})
        : source
          ? classifierLoader(source, policy.policy.intents)
          : null;
      const texts = Array.from({ length: 200 }, (_, index) => supportMessage(options.chars, index + 1, 0.3));
      const result = runDecisionBench({ policy: policy.policy, model, texts, iterations: options.iterations });
      const modelName = options.model ?? (source ? `trained from ${policy.file}` : 'none (rules only)');
      if (options.json) {
        console.log(JSON.stringify({ ...result, model: modelName, policyVersion: policy.policy.version }));
        return;
      }
      console.log(
        `decision path: ${result.samples} decisions on ${result.textChars}-character prompts (model: ${modelName})`,
      );
      console.log(
        `  p50 ${result.p50Ms} ms   p95 ${result.p95Ms} ms   p99 ${result.p99Ms} ms   max ${result.maxMs} ms   mean ${result.meanMs} ms`,
      );
      console.log(
        `  data classes: ${Object.entries(result.dataClasses)
          .map(([name, count]) => `${name} ${count}`)
          .join(', ')}`,
      );
    });
}
