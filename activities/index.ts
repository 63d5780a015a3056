import { createCacheActivities } from './answer-cache.js';
import { createBudgetActivities } from './budget.js';
import { createCallModel } from './call-model.js';
import { createCallModelLocally } from './call-model-locally.js';
import { checkPrivacy } from './check-privacy.js';
import { createClassifyRequest } from './classify-request.js';
import type { ActivityDeps } from './deps.js';
import { createInspectRequest } from './inspect-request.js';
import { createNotifyReview } from './notify-review.js';
import { createQuotaActivities } from './quota.js';
import { createResolvePolicy } from './resolve-policy.js';
import { createSendInterim } from './send-interim.js';

export type { ActivityDeps } from './deps.js';

/** All Switchyard activities, wired to their dependencies. Register the result on a worker. */
export function createActivities(deps: ActivityDeps = {}) {
  const classifyRequest = createClassifyRequest(deps);
  const callModel = createCallModel(deps);
  const inspectRequest = createInspectRequest(classifyRequest);
  return {
    resolvePolicy: createResolvePolicy(deps, inspectRequest, callModel),
    inspectRequest,
    /** Kept for histories from before `inspect-once` (two local activities). */
    classifyRequest,
    checkPrivacy,
    callModel,
    /** The fast path's first attempt, run as a local activity (workflows/fast-attempt.ts). */
    callModelLocally: createCallModelLocally(callModel),
    notifyReview: createNotifyReview(deps),
    sendInterim: createSendInterim(deps),
    ...createBudgetActivities(deps),
    ...createQuotaActivities(deps),
    ...createCacheActivities(deps),
    /** The benchmark floor's activity: does nothing. */
    noop: async (): Promise<string> => 'ok',
  };
}

export type SwitchyardActivities = ReturnType<typeof createActivities>;
