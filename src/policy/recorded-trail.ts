import { z } from 'zod';
import type { TrailEntry } from './types.js';

/**
 * The decision trail as the routing workflow records it in its history while it runs (the
 * `decisions-in-history` change, docs/workflow-changes.md): one memo field, rewritten with the whole trail so
 * far each time the workflow is about to block. Shared by the workflow (writes) and the audit (reads).
 */

/** Memo key holding the recorded trail. */
export const RECORDED_TRAIL_MEMO_KEY = 'switchyardTrail';

/** Most trail entries one memo upsert carries. @default 200 */
export const RECORDED_TRAIL_MAX_ENTRIES = 200;

/** Most bytes (UTF-8 JSON of the entries) one memo upsert carries. @default 65536 (64 KiB) */
export const RECORDED_TRAIL_MAX_BYTES = 64 * 1024;

const TrailEntrySchema = z.object({
  step: z.string(),
  outcome: z.string(),
  reason: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

/** The memo value: the first entries of the trail that fit the bounds, how many there were, whether some were cut. */
export const RecordedTrailSchema = z.object({
  entries: z.array(TrailEntrySchema),
  /** Entries the trail had when recorded (more than `entries.length` when cut). */
  total: z.number().int().nonnegative(),
  /** True when the trail outgrew the bounds: later entries are only in the result. */
  cut: z.boolean(),
});
export type RecordedTrail = z.infer<typeof RecordedTrailSchema>;

/** The trail bounded for the memo: leading entries while within both limits (the first decisions matter most). */
export function boundTrail(
  trail: readonly TrailEntry[],
  limits: { maxEntries: number; maxBytes: number } = {
    maxEntries: RECORDED_TRAIL_MAX_ENTRIES,
    maxBytes: RECORDED_TRAIL_MAX_BYTES,
  },
): RecordedTrail {
  const entries: TrailEntry[] = [];
  let bytes = 2; // the array brackets
  for (const entry of trail) {
    const size = utf8Bytes(JSON.stringify(entry)) + 1;
    if (entries.length >= limits.maxEntries || bytes + size > limits.maxBytes) break;
    entries.push(entry);
    bytes += size;
  }
  return { entries, total: trail.length, cut: entries.length < trail.length };
}

/** UTF-8 length of a string, bytes (no TextEncoder needed, so it runs in the workflow sandbox as is). */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair: one 4-byte character
      index++;
    } else bytes += 3;
  }
  return bytes;
}
