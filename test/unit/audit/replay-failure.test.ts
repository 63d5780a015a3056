import { describe, expect, it } from 'vitest';
import { describeReplayFailure } from '../../../src/audit/replay-failure.js';

/** The shape of DeterminismViolationError messages the 1.24 SDK produces (from a real replay). */
const TIMER_MISMATCH =
  'Replay failed with a nondeterminism error. This means that the workflow code as written is not compatible ' +
  'with the history that was fed in. Details: Workflow activation completion failed: Failure { failure: ' +
  'Some(Failure { message: "[TMPRL1100] Nondeterminism error: Timer machine does not handle this event: ' +
  'HistoryEvent(id: 8, ActivityTaskScheduled)", source: "", stack_trace: "", encoded_attributes: None, cause: None, ' +
  'failure_info: Some(ApplicationFailureInfo(ApplicationFailureInfo { r#type: "", non_retryable: false, details: ' +
  'None, next_retry_delay: None, category: Unspecified })) }), force_cause: NonDeterministicError }';

function determinismError(message: string): Error {
  const error = new Error(message);
  error.name = 'DeterminismViolationError';
  return error;
}

describe('replay failure details', () => {
  it('names the first diverging event when the SDK does', () => {
    expect(describeReplayFailure('route-1', 'run-1', determinismError(TIMER_MISMATCH))).toEqual({
      workflowId: 'route-1',
      runId: 'run-1',
      kind: 'nondeterminism',
      message:
        '[TMPRL1100] Nondeterminism error: Timer machine does not handle this event: HistoryEvent(id: 8, ActivityTaskScheduled)',
      firstDivergingEvent: { eventId: 8, eventType: 'ActivityTaskScheduled' },
    });
  });

  it('keeps the core message when no event is named', () => {
    const detail = describeReplayFailure(
      'route-2',
      null,
      determinismError(
        TIMER_MISMATCH.replace(
          /Timer machine.*ActivityTaskScheduled\)/,
          'Missing associated machine for LocalActivity(1)',
        ),
      ),
    );
    expect(detail).toMatchObject({
      kind: 'nondeterminism',
      message: '[TMPRL1100] Nondeterminism error: Missing associated machine for LocalActivity(1)',
      firstDivergingEvent: null,
    });
  });

  it('reports other replay errors as errors', () => {
    expect(describeReplayFailure('route-3', null, new TypeError('bad history'))).toMatchObject({
      kind: 'error',
      message: 'bad history',
    });
  });
});
