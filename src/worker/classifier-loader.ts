import type { LearnedIntentModel } from '../classify/cascade.js';

/** Loads a trained classifier artifact for the classifyRequest activity. */
export function classifierLoader(path: string): LearnedIntentModel & { threshold?: number } {
  throw new Error(`classifier model ${path}: loading learned models is wired in with the classifier (issue 3)`);
}
