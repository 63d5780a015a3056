import type { Policy } from './schema.js';

/** Where the worker gets the local learned model for a policy (mirrors activities' ClassifierSource). */
export type PolicyClassifierSource =
  | { kind: 'artifact'; path: string }
  | { kind: 'examples'; trainingDataPath: string | null }
  | null;

/** Intents with examples needed before the worker trains a model from the policy alone. */
const MIN_INTENTS_WITH_EXAMPLES = 2;

/**
 * A trained artifact when the policy names one; else training from the intents' examples (plus the
 * `trainingData` file) when there is enough to learn from; else rules only.
 */
export function classifierSourceOf(policy: Policy): PolicyClassifierSource {
  const { model, trainingData } = policy.classifier;
  if (model) return { kind: 'artifact', path: model };
  const withExamples = Object.values(policy.intents).filter((intent) => intent.examples.length > 0).length;
  if (trainingData || withExamples >= MIN_INTENTS_WITH_EXAMPLES)
    return { kind: 'examples', trainingDataPath: trainingData ?? null };
  return null;
}
