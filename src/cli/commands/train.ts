import type { Command } from '@commander-js/extra-typings';
import { readExamplesFile, writeModelFile } from '../../classify/model-file.js';
import { examplesFromIntents } from '../../classify/policy-examples.js';
import { DEFAULT_TRAIN_OPTIONS, trainClassifier } from '../../classify/train.js';
import type { LabelledExample, TrainedModel } from '../../classify/types.js';
import { loadPolicyFile } from '../../config/load-policy.js';

/**
 * `switchyard train --input train.jsonl --out model.json [--policy P] [--seed N] [--threshold T] [--json]`:
 * trains the local intent classifier on `{"text","label"}` lines (and/or the policy's intent examples)
 * and writes the versioned model artifact. Defaults are the tuned ones; no flag is needed.
 */
export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train the local intent classifier on {"text","label"} JSONL lines (label "oos" = out of scope)')
    .option('--input <file>', 'training JSONL ({"text","label"} per line)')
    .option('--policy <file>', "also train on the policy's intent examples")
    .requiredOption('--out <file>', 'where to write the model artifact (JSON)')
    .option('--seed <n>', 'training seed (default 42)', parseSeed)
    .option('--threshold <t>', 'fixed unknown threshold 0..1 (default: learned on held-out data)', parseThreshold)
    .option('--json', 'print the summary as JSON')
    .action((options) => {
      const progress = (line: string) => process.stderr.write(`train: ${line}\n`);
      const examples: LabelledExample[] = [];
      if (!options.input && !options.policy) throw new Error('train needs --input FILE and/or --policy FILE');
      if (options.input) {
        examples.push(...readExamplesFile(options.input));
        progress(`read ${examples.length} examples from ${options.input}`);
      }
      if (options.policy) {
        const fromPolicy = examplesFromIntents(loadPolicyFile(options.policy).policy.intents);
        examples.push(...fromPolicy);
        progress(`read ${fromPolicy.length} intent examples from ${options.policy}`);
      }
      if (examples.length === 0) throw new Error('no training examples found');
      const labels = new Set(examples.map((example) => example.label)).size;
      const folds = DEFAULT_TRAIN_OPTIONS.calibrationFolds;
      // Training is synchronous (no ticking progress is possible): say up front what it does.
      progress(
        `fitting ${folds >= 2 ? `${folds} calibration models (out-of-fold) and ` : ''}the final model on ` +
          `${examples.length} examples, ${labels} labels (large sets take a minute or more)…`,
      );
      const started = performance.now();
      const model = trainClassifier(examples, {
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.threshold === undefined ? {} : { unknownThreshold: options.threshold }),
      });
      const trainSeconds = (performance.now() - started) / 1000;
      progress(`trained in ${trainSeconds.toFixed(1)} s; writing ${options.out}`);
      const modelBytes = writeModelFile(options.out, model);
      const summary = trainSummary(model, options.out, trainSeconds, modelBytes);
      console.log(options.json ? JSON.stringify(summary) : formatTrainSummary(summary));
    });
}

export interface TrainSummary {
  out: string;
  examples: number;
  labels: number;
  oosLabel: string | null;
  heldOutExamples: number;
  holdoutAccuracy: number | null;
  holdoutAccuracyAtThreshold: number | null;
  holdoutOosRecall: number | null;
  holdoutEce: number | null;
  unknownThreshold: number;
  thresholdRule: string;
  temperature: number;
  seed: number;
  trainSeconds: number;
  modelBytes: number;
}

export function trainSummary(model: TrainedModel, out: string, trainSeconds: number, modelBytes: number): TrainSummary {
  const s = model.summary;
  return {
    out,
    examples: s.examples,
    labels: model.labels.length,
    oosLabel: model.oosLabel,
    heldOutExamples: s.holdoutExamples,
    holdoutAccuracy: s.holdoutAccuracy,
    holdoutAccuracyAtThreshold: s.holdoutAccuracyAtThreshold,
    holdoutOosRecall: s.holdoutOosRecall,
    holdoutEce: s.holdoutEce,
    unknownThreshold: model.unknownThreshold,
    thresholdRule: s.thresholdRule,
    temperature: model.temperature,
    seed: s.seed,
    trainSeconds,
    modelBytes,
  };
}

const fmt = (x: number | null, digits = 3): string => (x === null ? '–' : x.toFixed(digits));

export function formatTrainSummary(s: TrainSummary): string {
  return [
    `trained intent model → ${s.out}`,
    `  examples ${s.examples}, labels ${s.labels}${s.oosLabel ? ` (out-of-scope label "${s.oosLabel}")` : ''}`,
    `  held-out accuracy ${fmt(s.holdoutAccuracy)} (${s.heldOutExamples} out-of-fold predictions), ` +
      `${fmt(s.holdoutAccuracyAtThreshold)} at the unknown threshold, oos recall ${fmt(s.holdoutOosRecall)}`,
    `  unknown threshold ${fmt(s.unknownThreshold)} (${s.thresholdRule}), temperature ${fmt(s.temperature)}, ` +
      `calibration error ${fmt(s.holdoutEce)}`,
    `  seed ${s.seed}, time ${s.trainSeconds.toFixed(1)} s, size ${(s.modelBytes / 1e6).toFixed(2)} MB`,
  ].join('\n');
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`--seed must be an integer, got "${value}"`);
  return n;
}

/** Parses a 0..1 threshold option. */
export function parseThreshold(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new Error(`--threshold must be a number from 0 to 1, got "${value}"`);
  }
  return n;
}
