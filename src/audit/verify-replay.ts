import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { type InjectedSinks, type ReplayHistoriesIterable, Worker } from '@temporalio/worker';
import type { SwitchyardSinks } from '../../workflows/sinks.js';
import { describeReplayFailure, type ReplayFailureDetail } from './replay-failure.js';

/** Visibility query that selects every routing workflow. */
export const ROUTING_WORKFLOWS_QUERY = "WorkflowType = 'routeRequestWorkflow'";

export interface VerifyReplayOptions {
  /** Workflow bundle file to replay against (today's code). */
  workflowBundlePath: string;
  /** Payload codec etc. for encrypted histories. */
  dataConverter?: DataConverter;
}

export interface VerifyReplayReport {
  replayed: number;
  failures: number;
  details: ReplayFailureDetail[];
}

/** A history source for replay: `{workflowId, history}` items (sync or async). */
export type HistorySource = ReplayHistoriesIterable;

/**
 * Replays histories against the current workflow code and reports every one that no longer replays
 * (nondeterminism: a code change that would break requests in flight).
 */
export async function replayHistories(
  histories: HistorySource,
  options: VerifyReplayOptions,
): Promise<VerifyReplayReport> {
  const report: VerifyReplayReport = { replayed: 0, failures: 0, details: [] };
  const results = Worker.runReplayHistories(
    {
      workflowBundle: { codePath: options.workflowBundlePath },
      // The workflow's metrics sink is not called during replay, but it must exist.
      sinks: {
        switchyard: { requestFinished: { fn: () => undefined, callDuringReplay: false } },
      } satisfies InjectedSinks<SwitchyardSinks>,
      ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    },
    histories,
  );
  for await (const result of results) {
    report.replayed += 1;
    if (!result.error) continue;
    report.failures += 1;
    report.details.push(describeReplayFailure(result.workflowId, result.runId ?? null, result.error));
  }
  return report;
}

/** Fetches the histories a visibility query selects (default: every routing workflow) and replays them. */
export async function verifyReplay(
  client: Client,
  options: VerifyReplayOptions & { query?: string; concurrency?: number },
): Promise<VerifyReplayReport> {
  const histories = client.workflow
    .list({ query: options.query ?? ROUTING_WORKFLOWS_QUERY })
    .intoHistories({ concurrency: options.concurrency ?? 4 });
  return replayHistories(histories, options);
}
