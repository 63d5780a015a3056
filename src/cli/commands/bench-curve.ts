import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderCurve, renderCurveHtml } from '../../bench/render-curve.js';
import { runCurveBench } from '../../bench/replay-curve.js';

/** `bench replay --curve`: the router's quality / strong-share curve on a labelled file (docs/router.md#the-curve). */

/** The options `bench replay` passes (its --curve flags, --input and --json). */
export interface CurveCommandOptions {
  input: string;
  model?: string;
  trainSplit: number;
  seed: number;
  folds?: number;
  strongCostRatio: number;
  html?: string;
  json?: boolean;
}

/** Runs the curve bench and prints it (table or JSON), writing the HTML page when asked. */
export function runReplayCurve(options: CurveCommandOptions): void {
  const result = runCurveBench({
    input: options.input,
    trainSplit: options.trainSplit,
    splitSeed: options.seed,
    strongCostRatio: options.strongCostRatio,
    ...(options.model ? { model: options.model } : {}),
    ...(options.folds ? { folds: options.folds } : {}),
  });
  if (options.html) writeFileSync(options.html, renderCurveHtml(result));
  if (options.json) console.log(JSON.stringify(result));
  else {
    console.log(renderCurve(result));
    if (options.html) console.log(`wrote ${resolve(options.html)}`);
  }
}

export function parseSplit(value: string): number {
  const number = Number(value);
  if (!(number > 0 && number < 1)) throw new Error(`--train-split must be between 0 and 1, got "${value}"`);
  return number;
}

export function parseRatio(value: string): number {
  const number = Number(value);
  if (!(number >= 1 && Number.isFinite(number)))
    throw new Error(`--strong-cost-ratio must be at least 1, got "${value}"`);
  return number;
}
