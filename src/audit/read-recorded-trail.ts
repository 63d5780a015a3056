import { RECORDED_TRAIL_MEMO_KEY, RecordedTrailSchema } from '../policy/recorded-trail.js';
import type { RouteResult } from '../policy/types.js';
import type { AuditEvent } from './audit-events.js';
import type { AuditDecisions } from './audit-types.js';

/**
 * The trail the workflow recorded itself: the result's trail once the request completed, else the trail of the
 * last memo upsert (requests started since `decisions-in-history`, still running or ended without a result).
 * Null for older histories without a result: their route reason is recomputed (see explainRoute).
 */
export function readRecordedTrail(events: AuditEvent[], result: RouteResult | null): AuditDecisions | null {
  if (result)
    return {
      source: 'completion',
      entries: result.trail,
      eventId: null,
      at: null,
      total: result.trail.length,
      cut: false,
    };
  for (let index = events.length - 1; index >= 0; index--) {
    const event = events[index]!;
    if (event.kind !== 'memo' || !(RECORDED_TRAIL_MEMO_KEY in event.fields)) continue;
    const parsed = RecordedTrailSchema.safeParse(event.fields[RECORDED_TRAIL_MEMO_KEY]);
    if (!parsed.success) return null;
    const { entries, total, cut } = parsed.data;
    return {
      source: 'history',
      entries: entries as AuditDecisions['entries'],
      eventId: event.id,
      at: event.at,
      total,
      cut,
    };
  }
  return null;
}
