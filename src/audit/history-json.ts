import { createRequire } from 'node:module';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import proto from '@temporalio/proto';

type ProtoJson = {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
};
type Root = { lookupType(name: string): { fromObject(value: unknown): unknown } };

export type { History };

/**
 * History ⇄ the JSON form `temporal workflow show -o json` and the Web UI's download use. Uses
 * @temporalio/common's helpers; when two copies of protobufjs are installed side by side (their
 * `instanceof` check then fails with "type must be a Type"), it falls back to the protobufjs copy
 * @temporalio/proto itself was built with.
 */
export function historyToJson(history: History): string {
  try {
    return historyToJSON(history);
  } catch (error) {
    if (!isTypeMismatch(error)) throw error;
    const type = protoRoot().lookupType('temporal.api.history.v1.History');
    return JSON.stringify(protoJson().toJson(type, type.fromObject(history)), null, 2);
  }
}

/** Parses a JSON history (an object, or its text). */
export function historyFromJson(json: unknown): History {
  const value = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  try {
    return historyFromJSON(value);
  } catch (error) {
    if (!isTypeMismatch(error)) throw error;
    const events = (value as { events?: Record<string, unknown>[] }).events;
    if (!Array.isArray(events)) throw new TypeError('Invalid history, expected an object with an array of events');
    const fixed = { events: events.map(fixEventType) };
    const type = protoRoot().lookupType('temporal.api.history.v1.History');
    return protoJson().fromJson(type, fixed, { ignoreUnknownFields: true }) as History;
  }
}

function isTypeMismatch(error: unknown): boolean {
  return error instanceof TypeError && error.message === 'type must be a Type';
}

/** `WorkflowExecutionStarted` (older CLI output) → `EVENT_TYPE_WORKFLOW_EXECUTION_STARTED`. */
function fixEventType(event: Record<string, unknown>): Record<string, unknown> {
  const type = event.eventType;
  if (typeof type !== 'string' || type.startsWith('EVENT_TYPE_')) return event;
  return { ...event, eventType: `EVENT_TYPE_${type.replace(/(?<!^)([A-Z])/g, '_$1').toUpperCase()}` };
}

let cached: { root: Root; json: ProtoJson } | null = null;

function load(): { root: Root; json: ProtoJson } {
  if (cached) return cached;
  const fromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
  const { patchProtobufRoot } = fromProto('@temporalio/proto/lib/patch-protobuf-root') as {
    patchProtobufRoot(root: unknown): Root;
  };
  cached = { root: patchProtobufRoot(proto), json: fromProto('protobufjs/ext/protojson') as ProtoJson };
  return cached;
}

const protoRoot = () => load().root;
const protoJson = () => load().json;
