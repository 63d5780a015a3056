import { ApplicationFailure } from '@temporalio/activity';
import { PolicyResolutionError, resolvePolicyVersion } from '../src/config/policy-registry.js';
import type { CallerFacts } from '../src/policy/access.js';
import { inspectionInput } from '../src/policy/inspection-input.js';
import { canonicalPrincipal, digestOf, signedMessage, verifySignature } from '../src/policy/signatures.js';
import { chooseCanaryPolicy } from './canary-rollout.js';
import type { ActivityDeps } from './deps.js';
import { fastPathGrant } from './fast-path-grant.js';
import { callAhead } from './first-attempt.js';
import type { AheadInspector } from './inspections-ahead.js';
import type {
  CallModelInput,
  CallModelOutput,
  InspectRequestInput,
  InspectRequestOutput,
  ResolvePolicyInput,
  ResolvePolicyOutput,
} from './types.js';

/**
 * The start of every request (a local activity, so its answer is recorded in the history): the worker's own
 * policy for the version the request names (or the default), its hash and full snapshot, the reviewer keys
 * the workflow verifies decisions with, and the caller's verified name. Requests never carry a policy. With a canary
 * configured, the version that decides (active or candidate) and why (`rollout`).
 */
export function createResolvePolicy(
  deps: ActivityDeps,
  inspect?: (input: InspectRequestInput) => Promise<InspectRequestOutput>,
  callModel?: (input: CallModelInput) => Promise<CallModelOutput>,
) {
  const fastPath = fastPathGrant(deps);
  if (fastPath && inspect) deps.inspectionsAhead?.serve(aheadInspector(deps, inspect));
  return async function resolvePolicy(input: ResolvePolicyInput): Promise<ResolvePolicyOutput> {
    const trust = deps.trust;
    if (!trust) {
      throw ApplicationFailure.nonRetryable('this worker has no policy configured', 'NoPolicyConfigured');
    }
    let loaded: ReturnType<typeof resolvePolicyVersion>;
    try {
      loaded = resolvePolicyVersion(trust.policies, input.policyVersion, input.policyHash);
    } catch (error) {
      if (error instanceof PolicyResolutionError) throw ApplicationFailure.nonRetryable(error.message, error.type);
      throw error;
    }
    const caller = verifyCaller(input, trust.callerKeys);
    const canary = trust.canary
      ? await chooseCanaryPolicy(deps, trust.canary, trust.policies, input, loaded, caller.name)
      : null;
    if (canary) loaded = canary.loaded;
    // The fast path inspects here, with the policy just resolved: the workflow skips its inspection local activity.
    // Should it fail, the workflow inspects in its own local activity, as without the fast path.
    // A RouterClient in this process may have had it made while the start was recorded (inspections-ahead.ts).
    const inspection =
      fastPath && inspect
        ? await (
            deps.inspectionsAhead?.take(input.workflowId, loaded.hash, input.request) ??
            inspect(inspectionInput(loaded.policy, loaded.hash, input.request))
          ).catch(() => null)
        : null;
    // And, when the workflow asks and would make it at once, the first model attempt (activities/first-attempt.ts).
    const first =
      input.firstAttempt && fastPath && inspection && callModel
        ? await callAhead(callModel, {
            workflowId: input.workflowId,
            policy: loaded.policy,
            policyHash: loaded.hash,
            request: input.request,
            caller,
            inspection,
            grant: fastPath,
          })
        : null;
    return {
      version: loaded.policy.version,
      hash: loaded.hash,
      policy: loaded.policy,
      reviewerKeys: { ...trust.reviewerKeys },
      caller,
      ...(canary ? { rollout: canary.rollout } : {}),
      // The shadow policy is recorded too, so replay decides the shadow from the history, never from files.
      ...(trust.shadow
        ? { shadow: { version: trust.shadow.policy.version, hash: trust.shadow.hash, policy: trust.shadow.policy } }
        : {}),
      // Recorded, so a replay takes the path the request took (histories without it replay the regular path).
      ...(fastPath ? { fastPath } : {}),
      ...(inspection ? { inspection } : {}),
      ...(first ? { first } : {}),
    };
  };
}

/** Inspection ahead of the workflow: the policy the version resolves to now (no canary: its choice is stateful). */
function aheadInspector(
  deps: ActivityDeps,
  inspect: (input: InspectRequestInput) => Promise<InspectRequestOutput>,
): AheadInspector {
  return (started) => {
    const trust = deps.trust;
    if (!trust) return null;
    const loaded = resolvePolicyVersion(trust.policies, started.policyVersion ?? null, started.policyHash ?? null);
    return { hash: loaded.hash, inspection: inspect(inspectionInput(loaded.policy, loaded.hash, started.request)) };
  };
}

/** A caller's claim holds when the key the worker lists for that name signed this request for this workflow. */
function verifyCaller(input: ResolvePolicyInput, keys: Readonly<Record<string, string>>): CallerFacts {
  const claim = input.caller;
  if (!claim) return { name: null, problem: null };
  const name = canonicalPrincipal(claim.name);
  const shown = name.slice(0, 64);
  const key = keys[name];
  if (!key) return { name: null, problem: `caller "${shown}" has no public key on this worker; treated as anonymous` };
  const statement = { caller: name, request: digestOf(input.request) };
  if (!verifySignature(key, signedMessage('caller', input.workflowId, statement), claim.signature)) {
    return { name: null, problem: `caller "${shown}": signature does not verify; treated as anonymous` };
  }
  return { name, problem: null };
}
