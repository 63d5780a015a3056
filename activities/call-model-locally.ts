import { ApplicationFailure } from '@temporalio/common';
import type { AttemptRole } from '../src/policy/types.js';
import type { CallModelInput, CallModelOutput, ModelFailureDetails } from './types.js';

/**
 * Which call a fast-path attempt was: a local activity's marker records its result or failure but not its input,
 * so the attempt carries these facts itself (the audit reads them where it reads a regular activity's input).
 */
export interface RecordedCall {
  n: number;
  role: AttemptRole;
  modelKey: string;
  /** The attempt's limit handed to the adapter, ms. */
  timeoutMs: number;
}

/** What `callModelLocally` returns: callModel's output and the call it answers. */
export type LocalCallOutput = CallModelOutput & { call: RecordedCall };

/** `details[0]` of a failed `callModelLocally`: callModel's facts and the call that failed. */
export type LocalCallFailureDetails = ModelFailureDetails & { call: RecordedCall };

/**
 * The fast path's model attempt (docs/workflow-changes.md, "The fast path"): `callModel` run as a local activity in
 * the workflow task that routed the request, its output and failures stamped with the call they belong to. The
 * model call itself is the same function, so adapters, circuits, streaming and pricing do not fork.
 */
export function createCallModelLocally(callModel: (input: CallModelInput) => Promise<CallModelOutput>) {
  return async function callModelLocally(input: CallModelInput): Promise<LocalCallOutput> {
    const call: RecordedCall = {
      n: input.n,
      role: input.role,
      modelKey: input.modelKey,
      timeoutMs: input.timeouts.timeoutMs,
    };
    try {
      return { ...(await callModel(input)), call };
    } catch (error) {
      throw stamped(error, call);
    }
  };
}

/** The same ApplicationFailure with the call in its details; anything else (cancellation) passes through. */
export function stamped(error: unknown, call: RecordedCall): unknown {
  if (!(error instanceof ApplicationFailure)) return error;
  const details = (error.details?.[0] ?? {}) as Partial<ModelFailureDetails>;
  return ApplicationFailure.create({
    type: error.type ?? undefined,
    message: error.message,
    nonRetryable: error.nonRetryable ?? false,
    nextRetryDelay: error.nextRetryDelay ?? undefined,
    details: [{ ...details, call }],
    ...(error.category ? { category: error.category } : {}),
  });
}
