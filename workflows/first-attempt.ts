import { TimeoutType } from '@temporalio/common';
import { ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import type { LocalCallOutput } from '../activities/call-model-locally.js';
import type { FirstAttemptRecord } from '../activities/first-attempt.js';
import { callFingerprint } from '../src/policy/call-fingerprint.js';
import type { CallModelInput } from '../src/policy/model-call-input.js';
import type { TrailEntry } from '../src/policy/types.js';
import type { RouteRun } from './route-run.js';

/** A first attempt made ahead, as the `callModelLocally` local activity would have delivered it: its answer, or its failure. */
export type AttemptAhead = { output: LocalCallOutput } | { failure: ApplicationFailure | TimeoutFailure };

/**
 * The request's first attempt as `resolvePolicy` made it ahead (activities/first-attempt.ts), for the fast-path call
 * the workflow is about to make: its recorded outcome, as the `callModelLocally` local activity would deliver it (an
 * answer, or the ApplicationFailure or TimeoutFailure it rejects with), when the input this workflow built has the
 * same fingerprint; else null, and the call is made as usual. Used once per run. A call made ahead that does not
 * match (a code change between the activity and the workflow) is noted in the trail with its cost. Synchronous: the
 * outcome is already recorded, so taking it up needs no promise (workflows/sync-steps.ts).
 */
export function attemptMadeAhead(run: RouteRun, input: CallModelInput): AttemptAhead | null {
  const ahead = run.firstAttempt;
  if (ahead === null) return null;
  run.firstAttempt = null;
  if (callFingerprint(input) !== ahead.inputFingerprint) {
    run.note(discarded(ahead, 'differs from the routed call'));
    return null;
  }
  if (ahead.result) return { output: ahead.result };
  const failure = ahead.failure!;
  if (failure.timedOut) {
    return { failure: new TimeoutFailure(failure.message, undefined, TimeoutType.START_TO_CLOSE) };
  }
  return {
    failure: ApplicationFailure.create({
      type: failure.type,
      message: failure.message,
      nonRetryable: failure.nonRetryable,
      details: [failure.details],
    }),
  };
}

/**
 * A first attempt made ahead that the run never took up (it made no fast-path first call after all): noted with its
 * cost when the request ends, so the trail accounts for every call the provider saw. Never expected: the call is made
 * ahead only when the workflow would make it at once (src/policy/first-attempt.ts).
 */
export function noteUnadoptedAttempt(run: RouteRun): void {
  const ahead = run.firstAttempt;
  if (ahead === null) return;
  run.firstAttempt = null;
  run.note(discarded(ahead, 'was never taken up by the routed request'));
}

function discarded(ahead: FirstAttemptRecord, why: string): TrailEntry {
  const cost = ahead.result?.costUsd ?? ahead.failure?.details.costUsd ?? 0;
  return {
    step: 'attempt',
    outcome: 'made-ahead-discarded',
    reason: `the first attempt made ahead by resolvePolicy (${ahead.result?.call.modelKey ?? ahead.failure?.details.call.modelKey}) ${why}; it cost $${cost}`,
  };
}
