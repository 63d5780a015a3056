import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { CallerFacts } from '../src/policy/access.js';
import { applyAccess } from '../src/policy/access.js';
import { callFingerprint } from '../src/policy/call-fingerprint.js';
import type { FastPathGrant } from '../src/policy/fast-path.js';
import { firstAttemptInput } from '../src/policy/first-attempt.js';
import type { CallModelInput } from '../src/policy/model-call-input.js';
import type { Policy } from '../src/policy/schema.js';
import type { RouteRequest } from '../src/policy/types.js';
import type { LocalCallFailureDetails, LocalCallOutput, RecordedCall } from './call-model-locally.js';
import { stamped } from './call-model-locally.js';
import type { CallModelOutput, InspectRequestOutput } from './types.js';

/**
 * The request's first model attempt, made by `resolvePolicy` ahead of the workflow's routing and recorded in its
 * result (src/policy/first-attempt.ts): the result or the failure exactly as a `callModelLocally` marker records
 * them, and the fingerprint of the input it sent. The workflow adopts it only when its own first fast-path call has the
 * same input fingerprint.
 */
export interface FirstAttemptRecord {
  /** callFingerprint of the CallModelInput sent (src/policy/call-fingerprint.ts). */
  inputFingerprint: string;
  /** The answer, stamped with the call. Absent when the call failed. */
  result?: LocalCallOutput;
  /** The failure, as the local activity's ApplicationFailure would carry it. Absent when the call answered. */
  failure?: RecordedFailure;
}

/** An ApplicationFailure of a call made ahead, in plain fields (rebuilt by the workflow). */
export interface RecordedFailure {
  type: string;
  message: string;
  nonRetryable: boolean;
  /** The provider's failure facts, when the call reached the adapter; always the call. */
  details: Partial<LocalCallFailureDetails> & { call: RecordedCall };
  /** The call did not settle within its limit plus a grace: read as an activity start-to-close timeout. */
  timedOut?: boolean;
}

/** What `resolvePolicy` has resolved when it may call ahead. */
export interface CallAheadFacts {
  workflowId: string;
  policy: Policy;
  policyHash: string;
  request: RouteRequest;
  caller: CallerFacts;
  inspection: InspectRequestOutput;
  grant: FastPathGrant;
}

/**
 * Time a call made ahead gets past its own limit before it counts as timed out, ms (the adapter aborts at the limit;
 * this only bounds a call that ignores its abort, so the local activity always returns). @default 1000
 */
const AHEAD_GRACE_MS = 1000;

/**
 * Makes the first attempt ahead when the workflow would make it at once (firstAttemptInput), else returns null
 * without calling anything. Throws only a cancellation: every outcome of the call is recorded, since the local
 * activity around it may be retried and must not call twice.
 */
export async function callAhead(
  callModel: (input: CallModelInput) => Promise<CallModelOutput>,
  facts: CallAheadFacts,
): Promise<FirstAttemptRecord | null> {
  let input: CallModelInput | null;
  try {
    const request = applyAccess(facts.policy, facts.request, facts.caller).request;
    input = firstAttemptInput({
      workflowId: facts.workflowId,
      policy: facts.policy,
      policyHash: facts.policyHash,
      request,
      callerName: facts.caller.name,
      classification: facts.inspection.classification,
      privacy: facts.inspection.privacy,
      grant: facts.grant,
    });
  } catch {
    return null; // nothing called: the workflow routes and calls as it would without this
  }
  if (input === null) return null;
  const inputFingerprint = callFingerprint(input);
  const call: RecordedCall = {
    n: input.n,
    role: input.role,
    modelKey: input.modelKey,
    timeoutMs: input.timeouts.timeoutMs,
  };
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), call.timeoutMs + AHEAD_GRACE_MS);
  });
  try {
    const output = await Promise.race([callModel(input), limit]);
    if (output === 'timed-out') return { inputFingerprint, failure: timedOut(call) };
    return { inputFingerprint, result: { ...output, call } };
  } catch (error) {
    // A cancelled local activity (worker shutdown) stays cancelled, as `callModelLocally`'s would: the task is retried
    // elsewhere, never this activity.
    if (error instanceof CancelledFailure) throw error;
    return { inputFingerprint, failure: recordedFailure(stamped(error, call), call) };
  } finally {
    clearTimeout(timer);
  }
}

function recordedFailure(error: unknown, call: RecordedCall): RecordedFailure {
  if (!(error instanceof ApplicationFailure)) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      type: 'Unknown',
      message: message.slice(0, 300),
      nonRetryable: false,
      details: { call },
    };
  }
  return {
    type: error.type ?? 'Unknown',
    message: error.message,
    nonRetryable: error.nonRetryable ?? false,
    details: (error.details?.[0] ?? { call }) as RecordedFailure['details'],
  };
}

function timedOut(call: RecordedCall): RecordedFailure {
  return {
    type: 'ActivityTimeout',
    message: 'activity start-to-close timeout',
    nonRetryable: false,
    details: { call },
    timedOut: true,
  };
}
