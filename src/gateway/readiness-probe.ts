import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import {
  POLLER_WINDOW_MS,
  type PollerAnswer,
  type PollerSeen,
  type Readiness,
  readinessOf,
} from './readiness-verdict.js';

const { temporal } = proto; // CommonJS package: named imports do not resolve under ESM
const { TaskQueueKind, TaskQueueType } = temporal.api.enums.v1;

/** How the readiness probe asks Temporal. */
export interface ReadinessProbeSettings {
  /** The connected client (its namespace is asked). */
  client: Client;
  /** The task queue the router starts workflows on. */
  taskQueue: string;
  /** A poller counts as live when it polled within this window, ms. @default POLLER_WINDOW_MS (90000) */
  pollerWindowMs?: number;
  /** How long an answer is reused, so a flood of requests asks Temporal at most once per window, ms. @default 1000 */
  cacheMs?: number;
  /** Limit on one check (two `DescribeTaskQueue` calls in parallel), ms. @default 2000 */
  timeoutMs?: number;
  /**
   * How old a *ready* answer may be and still let a request through (`check({ staleOk: true })`) while a fresh one is
   * asked in the background, ms: a request never waits for the probe while its last answer was ready. Pollers count
   * as live for `pollerWindowMs` anyway, and a request no worker picks up is answered by the first-task bound.
   * @default 30000
   */
  staleMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/** Answers "can the router serve requests now?"; answers are cached for `cacheMs`. */
export interface ReadinessProbe {
  /**
   * The current readiness (cached, or asked now; concurrent callers share one question). With `staleOk`, a ready
   * answer younger than `staleMs` is returned at once while the question runs in the background (requests; the
   * health route asks for a fresh one).
   */
  check(options?: { timeoutMs?: number; staleOk?: boolean }): Promise<Readiness>;
}

/**
 * Readiness from `DescribeTaskQueue` (workflow and activity task types) on the router's task queue: ready
 * when Temporal answers and each type has a poller seen within the window. Never throws: an unreachable
 * Temporal is a verdict (`temporal: false`).
 */
export function createReadinessProbe(settings: ReadinessProbeSettings): ReadinessProbe {
  const now = settings.now ?? Date.now;
  const cacheMs = settings.cacheMs ?? 1000;
  const staleMs = settings.staleMs ?? 30_000;
  const windowMs = settings.pollerWindowMs ?? POLLER_WINDOW_MS;
  let cached: Readiness | null = null;
  let asking: Promise<Readiness> | null = null;

  const ask = async (timeoutMs: number): Promise<Readiness> => {
    const answer = await describePollers(settings.client, settings.taskQueue, timeoutMs);
    cached = readinessOf(settings.taskQueue, answer, now(), windowMs);
    return cached;
  };

  return {
    check(options = {}) {
      const last = cached;
      const age = last ? now() - last.checkedAt : Number.POSITIVE_INFINITY;
      if (last && age < cacheMs) return Promise.resolve(last);
      // `ask` never rejects, so a question left running in the background cannot go unhandled.
      asking ??= ask(options.timeoutMs ?? settings.timeoutMs ?? 2000).finally(() => {
        asking = null;
      });
      if (options.staleOk && last?.ok && age < staleMs) return Promise.resolve(last);
      return asking;
    },
  };
}

async function describePollers(client: Client, taskQueue: string, timeoutMs: number): Promise<PollerAnswer> {
  const describe = (taskQueueType: proto.temporal.api.enums.v1.TaskQueueType) =>
    client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType,
    });
  // Both calls are awaited to the end (allSettled): a call left retrying in the background would outlive the
  // answer and, should the connection close meanwhile, fire on a shut-down channel.
  const [workflow, activity] = await client.withDeadline(Date.now() + timeoutMs, () =>
    Promise.allSettled([
      describe(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
      describe(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
    ]),
  );
  if (workflow.status === 'rejected' || activity.status === 'rejected') {
    const error = workflow.status === 'rejected' ? workflow.reason : (activity as PromiseRejectedResult).reason;
    return { answered: false, error: String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error' };
  }
  return { answered: true, workflow: pollersOf(workflow.value), activity: pollersOf(activity.value) };
}

function pollersOf(response: proto.temporal.api.workflowservice.v1.IDescribeTaskQueueResponse): PollerSeen[] {
  return (response.pollers ?? []).map((poller) => ({ lastAccessMs: optionalTsToMs(poller.lastAccessTime) ?? null }));
}
