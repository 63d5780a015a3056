import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';

/**
 * Replays the histories of the given workflows against the current workflow bundle. Returns the ids
 * that failed with their error: a nondeterminism here means a code change broke running requests.
 */
export async function replayFailures(
  client: Client,
  workflowIds: string[],
): Promise<{ workflowId: string; error: string }[]> {
  const histories = workflowIds.map(async (workflowId) => ({
    workflowId,
    history: await client.workflow.getHandle(workflowId).fetchHistory(),
  }));
  const failures: { workflowId: string; error: string }[] = [];
  const results = Worker.runReplayHistories(
    {
      workflowBundle: { codePath: inject('workflowBundlePath') },
      sinks: {
        switchyard: { requestFinished: { fn: () => undefined, callDuringReplay: false } },
        switchyardCircuit: { transition: { fn: () => undefined, callDuringReplay: false } },
      },
    },
    (async function* () {
      for (const history of histories) yield await history;
    })(),
  );
  for await (const result of results) {
    if (result.error) failures.push({ workflowId: result.workflowId, error: String(result.error) });
  }
  return failures;
}
