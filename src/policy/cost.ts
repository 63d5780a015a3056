import type { ModelConfig } from './schema.js';

/** USD for a number of input and output tokens at the model's registry prices. */
export function costUsd(model: ModelConfig, inputTokens: number, outputTokens: number): number {
  return (inputTokens * model.price.inputPer1M + outputTokens * model.price.outputPer1M) / 1_000_000;
}

/** Input tokens the model will likely count for our o200k estimate, with its calibration factor. */
export function modelInputTokens(model: ModelConfig, estimatedTokens: number): number {
  return Math.ceil(estimatedTokens * model.tokenFactor);
}

/** Worst-case cost of one attempt: the whole input plus the full output cap. */
export function worstCaseAttemptCostUsd(
  model: ModelConfig,
  estimatedInputTokens: number,
  maxOutputTokens: number,
): number {
  return costUsd(model, modelInputTokens(model, estimatedInputTokens), maxOutputTokens);
}

/** Rounds USD for display and results (1e-8 precision keeps sums exact enough). */
export function roundUsd(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}
