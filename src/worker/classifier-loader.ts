import type { LearnedIntentModel } from '../classify/cascade.js';
import { createClassifier } from '../classify/classifier.js';
import { readModelFile } from '../classify/model-file.js';

/** Loads a trained classifier artifact (`switchyard train`) for the classifyRequest activity. */
export function classifierLoader(path: string): LearnedIntentModel & { threshold?: number } {
  const classifier = createClassifier(readModelFile(path));
  return Object.assign(classifier, { threshold: classifier.unknownThreshold });
}
