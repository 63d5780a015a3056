import { Context } from '@temporalio/activity';
import { sharedCanaryBoard } from '../src/canary/canary-board.js';
import { canaryControllerId, type WorkerCanary } from '../src/canary/worker-canary.js';
import type { LoadedPolicy } from '../src/config/load-policy.js';
import type { PolicyRegistry } from '../src/config/policy-registry.js';
import { decideRollout, type Rollout } from '../src/policy/canary-slice.js';
import type { ActivityDeps } from './deps.js';
import type { ResolvePolicyInput } from './types.js';

/** The policy that decides a request under the worker's canary, and the rollout record that says why. */
export interface CanaryChoice {
  loaded: LoadedPolicy;
  rollout: Rollout;
}

/**
 * Part of resolvePolicy when the worker has a canary: requests on the default version are split by the slice rule
 * while the controller runs (its state read from the worker's cached copy, the controller started on first use);
 * a request naming another version keeps it. Decided once, inside the local activity, so the history records it.
 */
export async function chooseCanaryPolicy(
  deps: ActivityDeps,
  canary: WorkerCanary,
  policies: PolicyRegistry,
  input: ResolvePolicyInput,
  named: LoadedPolicy,
  caller: string | null,
): Promise<CanaryChoice> {
  if (named.hash === canary.candidate.hash) {
    return {
      loaded: named,
      rollout: { role: 'canary', reason: `the request names candidate ${named.policy.version}` },
    };
  }
  if (named.hash !== canary.active.hash) {
    return { loaded: named, rollout: { role: 'active', reason: `the request names version ${named.policy.version}` } };
  }
  const context = Context.current();
  const taskQueue = context.info.taskQueue;
  const board = deps.canaryBoard ?? sharedCanaryBoard();
  const view = await board.view(
    {
      workflowId: canaryControllerId(taskQueue, canary.candidate),
      taskQueue,
      input: { active: canary.active, candidate: canary.candidate, settings: canary.settings },
    },
    context.client,
  );
  const rollout = decideRollout({
    settings: canary.settings,
    candidateVersion: canary.candidate.version,
    state: view.state,
    stateReason: view.reason,
    facts: { requestId: input.request.requestId ?? input.workflowId, caller, metadata: input.request.metadata ?? {} },
  });
  const candidate = policies.byHash.get(canary.candidate.hash);
  return rollout.role === 'canary' && candidate ? { loaded: candidate, rollout } : { loaded: named, rollout };
}
