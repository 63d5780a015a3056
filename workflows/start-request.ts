import { ActivityFailure, ApplicationFailure, proxyLocalActivities } from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import { applyAccess } from '../src/policy/access.js';
import { policyRequestProblems } from '../src/policy/policy-request-problems.js';
import { firstIssue } from '../src/policy/request-schema.js';
import { RouteWorkflowInputSchema } from '../src/policy/workflow-input-schema.js';
import { laterPatch } from './request-rules.js';
import type { Ending, RouteRun } from './route-run.js';

/** Patch id of the start that resolves the worker's own policy (docs/workflow-changes.md). */
export const WORKER_POLICY_PATCH = 'worker-policy';

/**
 * Patch id of failover by error kind (docs/failover.md): `onError` reactions, the Retry-After cap, the shorter
 * first-token default, answers cut at the cap accepted with finish `length`, `content-filter` on blocked requests.
 */
export const FAILOVER_BY_KIND_PATCH = 'failover-by-kind';

/**
 * Patch id of canary rollouts (docs/policy-rollout.md): the rollout record in the trail, the result and the
 * request-finished summary. Asked only when the worker has a canary, so other histories are untouched.
 */
export const CANARY_ROLLOUT_PATCH = 'canary-rollout';

const { resolvePolicy } = proxyLocalActivities<SwitchyardActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3, initialInterval: '100ms', nonRetryableErrorTypes: ['UnknownPolicyVersion'] },
});

/**
 * Validates the input with the one request schema, asks the worker for its policy (the snapshot, hash, reviewer
 * keys and verified caller are recorded in history by the local activity), then narrows the request to what
 * the caller may ask for. Returns an ending when the request is refused.
 */
export async function startWithWorkerPolicy(run: RouteRun): Promise<Ending | null> {
  // jitless: the schemas are evaluated afresh in every workflow, so zod's generated parsers would be compiled for one use.
  const parsed = RouteWorkflowInputSchema.safeParse(run.input, { jitless: true });
  if (!parsed.success) return rejected(`invalid request: ${firstIssue(parsed.error).slice(0, 300)}`);
  const input = parsed.data;
  run.request = input.request;
  let resolved: Awaited<ReturnType<typeof resolvePolicy>>;
  try {
    resolved = await resolvePolicy({
      workflowId: run.workflowId,
      policyVersion: input.policyVersion ?? null,
      policyHash: input.policyHash ?? null,
      caller: input.caller ?? null,
      request: input.request,
      // The fast path's first attempt may be made in the same local activity (workflows/first-attempt.ts).
      ...(run.latestRules && !input.stream ? { firstAttempt: true } : {}),
    });
  } catch (error) {
    // A failed local activity reaches workflow code as the ApplicationFailure itself (SDK 1.24), a normal
    // activity's wrapped in an ActivityFailure: both are refusals with a message for the caller.
    if (error instanceof ApplicationFailure) return rejected(error.message);
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure)
      return rejected(error.cause.message);
    throw error;
  }
  run.policy = resolved.policy;
  run.policyHash = resolved.hash;
  if (resolved.rollout && laterPatch(run, CANARY_ROLLOUT_PATCH)) run.rollout = resolved.rollout;
  run.reviewerKeys = resolved.reviewerKeys;
  run.callerName = resolved.caller.name;
  run.shadowPolicy = resolved.shadow ?? null;
  run.fastPath = resolved.fastPath ?? null;
  run.inspection = resolved.inspection ?? null;
  run.firstAttempt = resolved.first ?? null;
  run.askedRequest = input.request;
  run.deferTags = true; // written with the request's other search attributes in one upsert
  run.tag({ policyVersion: resolved.version });
  const access = applyAccess(resolved.policy, input.request, resolved.caller);
  for (const note of access.notes) run.note(note);
  run.request = access.request;
  const problems = policyRequestProblems(access.request, resolved.policy);
  if (problems.length > 0) return rejected(problems.join('; '));
  const by = resolved.caller.name === null ? '' : `, caller ${resolved.caller.name}`;
  const rollout = resolved.rollout ? `; ${run.rollout.role}: ${run.rollout.reason}` : '';
  run.note({
    step: 'validate',
    outcome: 'ok',
    reason: `${input.request.messages.length} message(s); policy ${resolved.version} (${resolved.hash.slice(0, 12)})${by}${rollout}`,
  });
  return null;
}

function rejected(reason: string): Ending {
  return { outcome: 'rejected', answer: null, model: null, reason };
}
