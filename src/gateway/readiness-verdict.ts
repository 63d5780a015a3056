/**
 * How recently a poller must have asked for work to count as a live worker, ms. A worker keeps one long
 * poll open per task type and renews it at the latest when the server ends it (about 60–70 s when the queue
 * is idle); the server stamps `lastAccessTime` when a poll arrives. 90 s covers one idle long poll plus
 * slack, so a live idle worker always counts; a worker that died counts for at most this long.
 */
export const POLLER_WINDOW_MS = 90_000;

/** What readiness found missing. */
export const READINESS_GAPS = ['temporal', 'workflow-poller', 'activity-poller'] as const;
export type ReadinessGap = (typeof READINESS_GAPS)[number];

/** The readiness of the gateway's router: Temporal answers and workers poll its task queue. */
export interface Readiness {
  /** Temporal answered, and live workers poll the task queue for workflow and for activity tasks. */
  ok: boolean;
  /** The Temporal frontend answered. */
  temporal: boolean;
  /** The router's task queue. */
  taskQueue: string;
  /** Pollers of workflow tasks seen within the window (0 when Temporal did not answer). */
  workflowPollers: number;
  /** Pollers of activity tasks seen within the window (0 when Temporal did not answer). */
  activityPollers: number;
  /** What is missing, empty when ok. */
  missing: ReadinessGap[];
  /** One line on why it is not ready; absent when ok. */
  reason?: string;
  /** When this was checked, ms since the epoch. */
  checkedAt: number;
}

/** A poller as Temporal lists it: when it last asked for a task, ms since the epoch (null: unknown). */
export interface PollerSeen {
  lastAccessMs: number | null;
}

/** What the task queue's description said, or why Temporal could not be asked. */
export type PollerAnswer =
  | { answered: true; workflow: readonly PollerSeen[]; activity: readonly PollerSeen[] }
  | { answered: false; error: string };

/** Pollers that asked for work within `windowMs` of `nowMs` (a poller without a time does not count). */
export function livePollers(pollers: readonly PollerSeen[], nowMs: number, windowMs = POLLER_WINDOW_MS): number {
  return pollers.filter((poller) => poller.lastAccessMs !== null && nowMs - poller.lastAccessMs <= windowMs).length;
}

/** The readiness verdict from one answer (pure: time passed in). */
export function readinessOf(
  taskQueue: string,
  answer: PollerAnswer,
  nowMs: number,
  windowMs = POLLER_WINDOW_MS,
): Readiness {
  if (!answer.answered) {
    return {
      ok: false,
      temporal: false,
      taskQueue,
      workflowPollers: 0,
      activityPollers: 0,
      missing: ['temporal'],
      reason: `Temporal did not answer: ${answer.error}`,
      checkedAt: nowMs,
    };
  }
  const workflowPollers = livePollers(answer.workflow, nowMs, windowMs);
  const activityPollers = livePollers(answer.activity, nowMs, windowMs);
  const missing: ReadinessGap[] = [
    ...(workflowPollers === 0 ? (['workflow-poller'] as const) : []),
    ...(activityPollers === 0 ? (['activity-poller'] as const) : []),
  ];
  const seconds = Math.round(windowMs / 1000);
  const kinds = missing.map((gap) => (gap === 'workflow-poller' ? 'workflow' : 'activity')).join(' or ');
  return {
    ok: missing.length === 0,
    temporal: true,
    taskQueue,
    workflowPollers,
    activityPollers,
    missing,
    ...(missing.length === 0
      ? {}
      : { reason: `no worker polled task queue "${taskQueue}" for ${kinds} tasks in the last ${seconds} s` }),
    checkedAt: nowMs,
  };
}
