import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src/audit/audit-events.js';
import { buildAuditReport } from '../../../src/audit/build-audit.js';
import { formatAudit } from '../../../src/audit/format-audit.js';
import { boundTrail, RECORDED_TRAIL_MEMO_KEY } from '../../../src/policy/recorded-trail.js';
import type { TrailEntry } from '../../../src/policy/types.js';
import { fixtureEvents } from './fixtures.js';

const entry = (n: number, reason = `reason ${n}`): TrailEntry => ({ step: 'attempt', outcome: 'ok', reason });

describe('boundTrail', () => {
  it('keeps a short trail whole', () => {
    const trail = [entry(1), entry(2)];
    expect(boundTrail(trail)).toEqual({ entries: trail, total: 2, cut: false });
  });

  it('cuts at the entry limit and at the byte limit (UTF-8), keeping the first decisions', () => {
    const many = Array.from({ length: 250 }, (_, n) => entry(n));
    const byCount = boundTrail(many);
    expect(byCount).toMatchObject({ total: 250, cut: true });
    expect(byCount.entries).toEqual(many.slice(0, 200));
    const wide = Array.from({ length: 10 }, (_, n) => entry(n, 'é'.repeat(50))); // 100 bytes of reason each
    const bySize = boundTrail(wide, { maxEntries: 200, maxBytes: 500 });
    expect(bySize.cut).toBe(true);
    expect(bySize.entries.length).toBe(3);
    expect(JSON.stringify(bySize.entries).length).toBeLessThan(500);
  });
});

describe('audit of a running request that recorded its decisions', () => {
  const route: TrailEntry = { step: 'route', outcome: '503', reason: 'recorded reason; candidates 503 → ok' };
  const precheck: TrailEntry = { step: 'precheck', outcome: 'excluded', reason: 'x: too expensive' };
  const memo = (id: number, entries: TrailEntry[]): AuditEvent => ({
    id,
    at: '2026-11-21T10:00:00.000Z',
    kind: 'memo',
    fields: { [RECORDED_TRAIL_MEMO_KEY]: { entries, total: entries.length, cut: false } },
  });

  it('reads the route reason and prechecks from the last memo upsert instead of recomputing', async () => {
    const events = await fixtureEvents('drill-503');
    const firstAttemptClosed = events.findIndex((event) => event.kind === 'activity-failed');
    const running = [...events.slice(0, firstAttemptClosed + 1), memo(9001, [route]), memo(9002, [route, precheck])];
    const report = buildAuditReport('drill-503', running);
    expect(report.decisions).toMatchObject({ source: 'history', eventId: 9002, total: 2, cut: false });
    expect(report.route).toMatchObject({ name: '503', reasonSource: 'history', reason: route.reason });
    expect(report.steps).toContainEqual(expect.objectContaining({ step: 'precheck', source: 'history' }));
    expect(formatAudit(report)).toContain('reasons recorded in history: memo upsert, event 9002');
  });

  it('older running histories say their reasons were recomputed', async () => {
    const events = await fixtureEvents('drill-503');
    const report = buildAuditReport('drill-503', events.slice(0, 12));
    expect(report.decisions.source).toBe('recomputed');
    expect(formatAudit(report)).toContain("reasons recomputed with today's code");
  });

  it('finished requests read the result', async () => {
    const report = buildAuditReport('drill-503', await fixtureEvents('drill-503'));
    expect(report.decisions.source).toBe('completion');
    expect(report.decisions.entries.length).toBe(report.decisions.total);
  });
});
