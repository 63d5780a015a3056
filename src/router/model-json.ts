import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { StrongGainModel } from './strong-gain-model.js';

const FeaturizerSchema = z.strictObject({
  hashBits: z.number().int().min(8).max(24),
  charMin: z.number().int().min(1).max(8),
  charMax: z.number().int().min(1).max(8),
  maxChars: z.number().int().positive(),
  maxCharNgramChars: z.number().int().nonnegative(),
  charWeight: z.number().nonnegative(),
});

/** `router.json` as `router train` writes it; `router score` and the worker refuse anything else. */
export const StrongGainModelSchema = z
  .strictObject({
    format: z.literal('switchyard-strong-gain'),
    version: z.literal(1),
    featurizer: FeaturizerSchema,
    buckets: z.array(z.number().int().nonnegative()),
    weights: z.array(z.number()),
    bias: z.array(z.number()).length(4),
    ranks: z.array(z.number()).length(101),
    summary: z.strictObject({
      examples: z.number().int().positive(),
      seed: z.number().int(),
      baseRates: z.strictObject({ weak: z.number(), strong: z.number() }),
    }),
  })
  .refine((model) => model.weights.length === model.buckets.length * 4, {
    message: 'weights must hold 4 numbers per bucket',
    path: ['weights'],
  });

export function writeRouterModel(path: string, model: StrongGainModel): void {
  writeFileSync(path, `${JSON.stringify(model)}\n`);
}

/** Reads and validates `router.json`; errors name the file and the field. */
export function readRouterModel(path: string): StrongGainModel {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  const parsed = StrongGainModelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data as StrongGainModel;
}
