import type { Policy } from './schema.js';
import type { RouteRequest } from './types.js';

/**
 * What the request schema cannot know: the route and models a request names must exist in the policy that
 * decides it. Each problem names its field. Used by the workflow and, with the gateway's copy of the policy,
 * at the edge.
 */
export function policyRequestProblems(request: RouteRequest, policy: Policy): string[] {
  const problems: string[] = [];
  if (request.route !== undefined && !policy.routes.some((route) => route.name === request.route)) {
    problems.push(`route: unknown route "${request.route}" in policy ${policy.version}`);
  }
  request.models?.forEach((model, index) => {
    if (!policy.models[model]) problems.push(`models[${index}]: unknown model "${model}"`);
  });
  return problems;
}
