import type { History } from '@temporalio/common/lib/proto-utils.js';
import { timestampMs } from '../audit/proto-time.js';
import { percentile } from '../report/scorecard.js';

/**
 * Where one workflow's time went, read from its history's event times (server clock), ms. The phases
 * cover start → completion without overlap; `clientMs − serverMs` is what lies outside the history
 * (the start RPC and the result's delivery to the caller).
 */
export interface WorkflowPhases {
  /** Started → first workflow task completed: the workflow's first run, local activities included. */
  firstTaskMs: number;
  /** Activity scheduled → started, summed over activities. */
  activityDispatchMs: number;
  /** Activity started → closed, summed over activities: the activity bodies and their completion RPCs. */
  activityMs: number;
  /** Last activity closed (or first task, without activities) → workflow completed: the final task. */
  finalTaskMs: number;
  /** Whatever else lies between start and completion (timers, further tasks). */
  otherMs: number;
  /** Started → completed. */
  serverMs: number;
  /** Events in the history. */
  events: number;
}

const ACTIVITY_CLOSED = new Set([
  'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
  'EVENT_TYPE_ACTIVITY_TASK_FAILED',
  'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT',
  'EVENT_TYPE_ACTIVITY_TASK_CANCELED',
]);

/** Phases of a completed workflow; null when the history has not completed. */
export function workflowPhases(history: History): WorkflowPhases | null {
  const events = (history.events ?? []).map((event) => ({
    type: eventTypeName(event.eventType),
    at: timestampMs(event.eventTime),
  }));
  const started = events.find((event) => event.type === 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
  const completed = events.findLast((event) => event.type === 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  const firstTask = events.find((event) => event.type === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
  if (!started || !completed || !firstTask) return null;
  let activityDispatchMs = 0;
  let activityMs = 0;
  let scheduledAt: number | null = null;
  let startedAt: number | null = null;
  let lastActivityClosedAt: number | null = null;
  for (const event of events) {
    if (event.type === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED') scheduledAt = event.at;
    if (event.type === 'EVENT_TYPE_ACTIVITY_TASK_STARTED' && scheduledAt !== null) {
      activityDispatchMs += event.at - scheduledAt;
      startedAt = event.at;
    }
    if (ACTIVITY_CLOSED.has(event.type) && startedAt !== null) {
      activityMs += event.at - startedAt;
      lastActivityClosedAt = event.at;
      scheduledAt = startedAt = null;
    }
  }
  const serverMs = completed.at - started.at;
  const firstTaskMs = firstTask.at - started.at;
  const finalTaskMs = completed.at - (lastActivityClosedAt ?? firstTask.at);
  const otherMs = serverMs - firstTaskMs - activityDispatchMs - activityMs - finalTaskMs;
  return {
    firstTaskMs,
    activityDispatchMs,
    activityMs,
    finalTaskMs,
    otherMs: Math.max(0, otherMs),
    serverMs,
    events: events.length,
  };
}

/** Median phases over many workflows, plus the median time outside the history, ms (0.1 ms). */
export type PhaseMedians = { [K in keyof WorkflowPhases]: number } & {
  /** The caller's start → result time over the same workflows. */
  clientMs: number;
  outsideMs: number;
  count: number;
};

/** `clientMs[i]` is the caller's measured time for `phases[i]`. */
export function phaseMedians(phases: readonly WorkflowPhases[], clientMs: readonly number[]): PhaseMedians {
  const median = (values: number[]) =>
    Math.round(
      percentile(
        [...values].sort((a, b) => a - b),
        0.5,
      ) * 10,
    ) / 10;
  const field = (key: keyof WorkflowPhases) => median(phases.map((phase) => phase[key]));
  return {
    firstTaskMs: field('firstTaskMs'),
    activityDispatchMs: field('activityDispatchMs'),
    activityMs: field('activityMs'),
    finalTaskMs: field('finalTaskMs'),
    otherMs: field('otherMs'),
    serverMs: field('serverMs'),
    events: field('events'),
    clientMs: median(phases.map((phase, index) => clientMs[index] ?? phase.serverMs)),
    outsideMs: median(phases.map((phase, index) => (clientMs[index] ?? phase.serverMs) - phase.serverMs)),
    count: phases.length,
  };
}

function eventTypeName(type: unknown): string {
  if (typeof type === 'string') return type.startsWith('EVENT_TYPE_') ? type : `EVENT_TYPE_${type}`;
  return EVENT_TYPE_NAMES[Number(type)] ?? String(type);
}

/** The event types the phases read (temporal.api.enums.v1.EventType numbers). */
const EVENT_TYPE_NAMES: Record<number, string> = {
  1: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
  2: 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
  7: 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
  10: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
  11: 'EVENT_TYPE_ACTIVITY_TASK_STARTED',
  12: 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
  13: 'EVENT_TYPE_ACTIVITY_TASK_FAILED',
  14: 'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT',
  16: 'EVENT_TYPE_ACTIVITY_TASK_CANCELED',
};
