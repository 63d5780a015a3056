import type { ClassifierSource } from '../../activities/types.js';
import type { LoadedPolicy } from '../config/load-policy.js';
import { classifierSourceOf } from '../policy/classifier-source.js';
import type { IntentConfig } from '../policy/schema.js';
import type { LearnedIntentModel } from './cascade.js';
import { createClassifier } from './classifier.js';
import { readExamplesFile, readModelFile } from './model-file.js';
import { examplesFromIntents } from './policy-examples.js';
import { trainClassifier } from './train.js';

export type LoadedIntentModel = LearnedIntentModel & { threshold?: number };

/**
 * Loads the local learned model for the classifyRequest activity: a trained artifact (`switchyard train`),
 * or a model trained here, deterministically, from the policy's intent examples plus its `trainingData`
 * JSONL (a few hundred examples train in about a second). Memoised: call it at worker start to warm up.
 */
export function classifierLoader(
  source: ClassifierSource,
  intents: Readonly<Record<string, IntentConfig>>,
): LoadedIntentModel {
  const key =
    source.kind === 'artifact'
      ? `artifact:${source.path}`
      : `examples:${source.trainingDataPath}:${JSON.stringify(Object.entries(intents).map(([name, intent]) => [name, intent.examples]))}`;
  let model = loaded.get(key);
  if (!model) {
    model = load(source, intents);
    if (loaded.size >= 16) loaded.clear();
    loaded.set(key, model);
  }
  return model;
}

/** Loaded models by source; a worker serves a handful of policies at most. */
const loaded = new Map<string, LoadedIntentModel>();

function load(source: ClassifierSource, intents: Readonly<Record<string, IntentConfig>>): LoadedIntentModel {
  if (source.kind === 'artifact') return withThreshold(createClassifier(readModelFile(source.path)));
  const examples = [
    ...examplesFromIntents(intents),
    ...(source.trainingDataPath ? readExamplesFile(source.trainingDataPath) : []),
  ];
  if (new Set(examples.map((example) => example.label)).size < 2) {
    throw new Error("classifier: the intents' examples and trainingData name fewer than two labels; nothing to learn");
  }
  return withThreshold(createClassifier(trainClassifier(examples)));
}

function withThreshold(classifier: ReturnType<typeof createClassifier>): LoadedIntentModel {
  return Object.assign(classifier, { threshold: classifier.unknownThreshold });
}

/** Loads or trains the policy's local model now (at worker start), so the first request does not wait and a broken model fails the start. */
export function warmClassifier(loadedPolicy: LoadedPolicy): void {
  const source = classifierSourceOf(loadedPolicy.policy);
  if (source) classifierLoader(source, loadedPolicy.policy.intents);
}
