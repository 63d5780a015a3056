/** What a replay failure says, in a form people and tools can act on. */
export interface ReplayFailureDetail {
  workflowId: string;
  runId: string | null;
  /** `nondeterminism` when today's code issues different commands than the history recorded. */
  kind: 'nondeterminism' | 'error';
  /** The SDK's core message, e.g. `[TMPRL1100] Nondeterminism error: Timer machine does not handle …`. */
  message: string;
  /** First history event that did not match the code, when the message names it. */
  firstDivergingEvent: { eventId: number; eventType: string } | null;
}

/** Parses a replay error (DeterminismViolationError, ReplayError, anything else) into a detail record. */
export function describeReplayFailure(workflowId: string, runId: string | null, error: unknown): ReplayFailureDetail {
  const name = (error as Error)?.name ?? '';
  const full = String((error as Error)?.message ?? error);
  const inner = /message: "((?:[^"\\]|\\.)*)"/.exec(full)?.[1];
  const message = inner ?? full.split('\n')[0] ?? full;
  const event = /HistoryEvent\(id: (\d+), (\w+)\)/.exec(full);
  return {
    workflowId,
    runId,
    kind: name === 'DeterminismViolationError' || /nondetermin/i.test(full) ? 'nondeterminism' : 'error',
    message,
    firstDivergingEvent: event ? { eventId: Number(event[1]), eventType: event[2]! } : null,
  };
}
