import { readRouterModel } from './model-json.js';
import { StrongGainScorer } from './strong-gain-model.js';

/** Loaded routers by absolute path; a worker serves a handful of policies at most. */
const loaded = new Map<string, StrongGainScorer>();

/** The scorer of a `router.json` (read once per path and process; a broken file throws with its path and field). */
export function routerScorer(path: string): StrongGainScorer {
  let scorer = loaded.get(path);
  if (!scorer) {
    scorer = new StrongGainScorer(readRouterModel(path));
    loaded.set(path, scorer);
  }
  return scorer;
}
