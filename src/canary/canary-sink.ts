import type { InjectedSinks } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';
import type { RequestFinished, SwitchyardSinks } from '../../workflows/sinks.js';
import type { CanarySample } from '../policy/canary-guardrails.js';
import type { CanaryBoard } from './canary-board.js';
import { canaryControllerId, type WorkerCanary } from './worker-canary.js';

/** What the controller counts of a finished request; success: answered or reviewed. */
export function canarySampleOf(summary: RequestFinished): CanarySample {
  return {
    ok: summary.outcome === 'answered' || summary.outcome === 'reviewed',
    formatFailure: summary.attempts.some((attempt) => attempt.formatFailure === true),
    latencyMs: Math.max(0, summary.latencyMs),
    costUsd: Math.max(0, summary.costUsd),
  };
}

/**
 * The worker side of the `switchyard.requestFinished` sink for the canary: a finished request decided by this
 * worker's active or candidate policy (by hash) goes to the board, which sends it with the next batch.
 * Best effort, like every sink: not called during replay, lost if the worker dies first.
 */
export function canaryReporter(canary: WorkerCanary, board: CanaryBoard) {
  return (info: WorkflowInfo, summary: RequestFinished): void => {
    if (summary.rollout === undefined || summary.policyHash === undefined) return;
    const expected = summary.rollout === 'canary' ? canary.candidate.hash : canary.active.hash;
    if (summary.policyHash !== expected) return;
    board.report(canaryControllerId(info.taskQueue, canary.candidate), summary.rollout, canarySampleOf(summary));
  };
}

type Sinks = InjectedSinks<SwitchyardSinks>;

/** `sinks` with the canary reporter called before the configured `requestFinished` (e.g. the metrics). */
export function withCanaryReports<T extends Sinks>(sinks: T, report: ReturnType<typeof canaryReporter>): T {
  const next = sinks.switchyard.requestFinished;
  return {
    ...sinks,
    switchyard: {
      ...sinks.switchyard,
      requestFinished: {
        ...next,
        callDuringReplay: false,
        fn: (info: WorkflowInfo, summary: RequestFinished) => {
          report(info, summary);
          return next.fn(info, summary);
        },
      },
    },
  };
}
