import type { RoutePlan } from '../src/policy/decide-route.js';
import { type AttemptSettings, latestAttemptSettings } from '../src/policy/model-call-parts.js';
import type { RouteRun } from './route-run.js';

export type { AttemptSettings } from '../src/policy/model-call-parts.js';

/**
 * The decoding values, repair and format instruction of an attempt on `modelKey` (`adjusted`: the retry after a
 * format failure, see the ladder's `adjusted`). Only for runs recorded with `request-rules-2026-12`: older
 * histories' attempts were sent without them, and their activity inputs stay as recorded.
 */
export function attemptSettings(run: RouteRun, plan: RoutePlan, modelKey: string, adjusted = false): AttemptSettings {
  if (!run.latestRules) return {};
  return latestAttemptSettings(run.policy, plan, run.request, modelKey, adjusted);
}
