import type { DecodedFailure } from './payloads.js';

/** Common fields of every event the audit reads: history event id and time (ISO). */
interface Base {
  id: number;
  at: string;
}

/**
 * The history events that matter for an audit, with payloads decoded. Produced by `decodeHistory` from a
 * Temporal history; everything after this point is pure.
 */
export type AuditEvent = Base &
  (
    | { kind: 'started'; workflowType: string; input: unknown; identity: string | null; taskQueue: string | null }
    | {
        kind: 'marker';
        name: string;
        activityType: string | null;
        result: unknown;
        failure: DecodedFailure | null;
        /** Worker that completed the workflow task recording the marker (a local activity ran there). */
        identity?: string | null;
      }
    | { kind: 'upsert'; attributes: Record<string, unknown> }
    /** A memo upsert (WorkflowPropertiesModified): the fields it set, decoded. */
    | { kind: 'memo'; fields: Record<string, unknown> }
    | {
        kind: 'activity-scheduled';
        activityId: string;
        activityType: string;
        input: unknown;
        summary: string | null;
      }
    | { kind: 'activity-started'; scheduledId: number; attempt: number; identity: string | null }
    | { kind: 'activity-completed'; scheduledId: number; result: unknown }
    | { kind: 'activity-failed'; scheduledId: number; failure: DecodedFailure | null }
    | { kind: 'activity-timed-out'; scheduledId: number; failure: DecodedFailure | null }
    | { kind: 'activity-canceled'; scheduledId: number }
    | { kind: 'timer-started'; timerId: string; durationMs: number; summary?: string | null }
    | { kind: 'timer-fired'; timerId: string }
    | { kind: 'timer-canceled'; timerId: string }
    | { kind: 'signaled'; name: string; args: unknown[]; identity: string | null }
    | { kind: 'update-accepted'; updateId: string; name: string; args: unknown[]; identity: string | null }
    | { kind: 'update-completed'; updateId: string; result: unknown; failure: DecodedFailure | null }
    | { kind: 'task-failed'; cause: string; failure: DecodedFailure | null }
    | { kind: 'task-timed-out' }
    | {
        kind: 'closed';
        status: 'completed' | 'failed' | 'timed-out' | 'canceled' | 'terminated' | 'continued-as-new';
        result: unknown;
        failure: DecodedFailure | null;
        reason: string | null;
      }
  );

export type AuditEventKind = AuditEvent['kind'];
export type EventOf<K extends AuditEventKind> = Extract<AuditEvent, { kind: K }>;
