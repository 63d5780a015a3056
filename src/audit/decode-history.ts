import type { DataConverter } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import type { temporal } from '@temporalio/proto';
import type { AuditEvent } from './audit-events.js';
import { PayloadDecoder, searchAttributeValues } from './payloads.js';
import { type Timestamp, timestampMs, toNumber } from './proto-time.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * Decodes a workflow history into the events an audit reads, running every payload through the data
 * converter (codec included). Workflow-task bookkeeping is dropped, except failures and timeouts.
 */
export async function decodeHistory(history: History, dataConverter?: DataConverter): Promise<AuditEvent[]> {
  const decoder = new PayloadDecoder(dataConverter);
  const events: AuditEvent[] = [];
  let taskWorker: string | null = null;
  for (const event of history.events ?? []) {
    // A marker's commands came with the workflow task completed just before it: that worker ran its local activity.
    if (event.workflowTaskCompletedEventAttributes)
      taskWorker = event.workflowTaskCompletedEventAttributes.identity || null;
    const decoded = await decodeEvent(event, decoder);
    if (decoded?.kind === 'marker') decoded.identity = taskWorker;
    if (decoded) events.push(decoded);
  }
  return events;
}

async function decodeEvent(event: HistoryEvent, decoder: PayloadDecoder): Promise<AuditEvent | null> {
  const base = { id: toNumber(event.eventId), at: toIso(event.eventTime) };
  const started = event.workflowExecutionStartedEventAttributes;
  if (started)
    return {
      ...base,
      kind: 'started',
      workflowType: started.workflowType?.name ?? '',
      input: await decoder.first(started.input?.payloads),
      identity: started.identity || null,
      taskQueue: started.taskQueue?.name ?? null,
    };
  const marker = event.markerRecordedEventAttributes;
  if (marker) {
    const details = marker.details ?? {};
    const data = (await decoder.first(details.data?.payloads)) as { activity_type?: string } | undefined;
    return {
      ...base,
      kind: 'marker',
      name: marker.markerName ?? '',
      activityType: data?.activity_type ?? null,
      result: await decoder.first(details.result?.payloads),
      failure: await decoder.failure(marker.failure),
    };
  }
  const upsert = event.upsertWorkflowSearchAttributesEventAttributes;
  if (upsert)
    return { ...base, kind: 'upsert', attributes: searchAttributeValues(upsert.searchAttributes?.indexedFields) };
  const scheduled = event.activityTaskScheduledEventAttributes;
  if (scheduled) {
    const summary = event.userMetadata?.summary ? await decoder.first([event.userMetadata.summary]) : null;
    return {
      ...base,
      kind: 'activity-scheduled',
      activityId: scheduled.activityId ?? '',
      activityType: scheduled.activityType?.name ?? '',
      input: await decoder.first(scheduled.input?.payloads),
      summary: typeof summary === 'string' ? summary : null,
    };
  }
  const activityStarted = event.activityTaskStartedEventAttributes;
  if (activityStarted)
    return {
      ...base,
      kind: 'activity-started',
      scheduledId: toNumber(activityStarted.scheduledEventId),
      attempt: activityStarted.attempt ?? 1,
      identity: activityStarted.identity || null,
    };
  const completed = event.activityTaskCompletedEventAttributes;
  if (completed)
    return {
      ...base,
      kind: 'activity-completed',
      scheduledId: toNumber(completed.scheduledEventId),
      result: await decoder.first(completed.result?.payloads),
    };
  const failed = event.activityTaskFailedEventAttributes;
  if (failed)
    return {
      ...base,
      kind: 'activity-failed',
      scheduledId: toNumber(failed.scheduledEventId),
      failure: await decoder.failure(failed.failure),
    };
  const timedOut = event.activityTaskTimedOutEventAttributes;
  if (timedOut)
    return {
      ...base,
      kind: 'activity-timed-out',
      scheduledId: toNumber(timedOut.scheduledEventId),
      failure: await decoder.failure(timedOut.failure),
    };
  const canceled = event.activityTaskCanceledEventAttributes;
  if (canceled) return { ...base, kind: 'activity-canceled', scheduledId: toNumber(canceled.scheduledEventId) };
  return decodeOtherEvent(event, base, decoder);
}

async function decodeOtherEvent(
  event: HistoryEvent,
  base: { id: number; at: string },
  decoder: PayloadDecoder,
): Promise<AuditEvent | null> {
  const timer = event.timerStartedEventAttributes;
  if (timer) {
    const summary = event.userMetadata?.summary ? await decoder.first([event.userMetadata.summary]) : null;
    return {
      ...base,
      kind: 'timer-started',
      timerId: timer.timerId ?? '',
      durationMs: durationMs(timer.startToFireTimeout),
      ...(typeof summary === 'string' ? { summary } : {}),
    };
  }
  if (event.timerFiredEventAttributes)
    return { ...base, kind: 'timer-fired', timerId: event.timerFiredEventAttributes.timerId ?? '' };
  if (event.timerCanceledEventAttributes)
    return { ...base, kind: 'timer-canceled', timerId: event.timerCanceledEventAttributes.timerId ?? '' };
  const signal = event.workflowExecutionSignaledEventAttributes;
  if (signal)
    return {
      ...base,
      kind: 'signaled',
      name: signal.signalName ?? '',
      args: await decoder.values(signal.input?.payloads),
      identity: signal.identity || null,
    };
  const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
  if (accepted) {
    const request = accepted.acceptedRequest;
    return {
      ...base,
      kind: 'update-accepted',
      updateId: request?.meta?.updateId ?? accepted.protocolInstanceId ?? '',
      name: request?.input?.name ?? '',
      args: await decoder.values(request?.input?.args?.payloads),
      identity: request?.meta?.identity || null,
    };
  }
  const updated = event.workflowExecutionUpdateCompletedEventAttributes;
  if (updated)
    return {
      ...base,
      kind: 'update-completed',
      updateId: updated.meta?.updateId ?? '',
      result: await decoder.first(updated.outcome?.success?.payloads),
      failure: await decoder.failure(updated.outcome?.failure),
    };
  const taskFailed = event.workflowTaskFailedEventAttributes;
  if (taskFailed)
    return {
      ...base,
      kind: 'task-failed',
      cause: String(taskFailed.cause ?? ''),
      failure: await decoder.failure(taskFailed.failure),
    };
  if (event.workflowTaskTimedOutEventAttributes) return { ...base, kind: 'task-timed-out' };
  const modified = event.workflowPropertiesModifiedEventAttributes;
  if (modified) {
    const fields: Record<string, unknown> = {};
    for (const [key, payload] of Object.entries(modified.upsertedMemo?.fields ?? {}))
      fields[key] = await decoder.first([payload]);
    return { ...base, kind: 'memo', fields };
  }
  return decodeClosed(event, base, decoder);
}

async function decodeClosed(
  event: HistoryEvent,
  base: { id: number; at: string },
  decoder: PayloadDecoder,
): Promise<AuditEvent | null> {
  const closed = { ...base, kind: 'closed' as const, result: null, failure: null, reason: null };
  if (event.workflowExecutionCompletedEventAttributes)
    return {
      ...closed,
      status: 'completed',
      result: await decoder.first(event.workflowExecutionCompletedEventAttributes.result?.payloads),
    };
  if (event.workflowExecutionFailedEventAttributes)
    return {
      ...closed,
      status: 'failed',
      failure: await decoder.failure(event.workflowExecutionFailedEventAttributes.failure),
    };
  if (event.workflowExecutionTimedOutEventAttributes) return { ...closed, status: 'timed-out' };
  if (event.workflowExecutionCanceledEventAttributes) return { ...closed, status: 'canceled' };
  if (event.workflowExecutionTerminatedEventAttributes)
    return { ...closed, status: 'terminated', reason: event.workflowExecutionTerminatedEventAttributes.reason || null };
  if (event.workflowExecutionContinuedAsNewEventAttributes) return { ...closed, status: 'continued-as-new' };
  return null;
}

function toIso(time: Timestamp): string {
  return new Date(Math.floor(timestampMs(time))).toISOString();
}

function durationMs(duration: Timestamp): number {
  return Math.round(timestampMs(duration));
}
