/** Period boundaries of a budget, computed from a clock reading (the caller's: activities, never workflow code). */

export type BudgetPeriodKind = 'hour' | 'day' | 'month';

export interface BudgetPeriod {
  /** Local label of the period in the budget's time zone: `2026-12-06`, `2026-12`, `2026-12-06T14+01:00`. */
  key: string;
  /** First instant of the period, epoch ms. */
  startMs: number;
  /** First instant after the period, epoch ms. */
  endMs: number;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A pure memo (one formatter per time zone): shared safely by every workflow of a worker thread. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(ms: number, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(ms)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Offset of the zone from UTC at an instant, ms (local = utc + offset). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const local = localTime(ms, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant of a local wall time; a time skipped by a DST jump maps to the instant the jump lands on. */
function instantOf(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour);
  let instant = wall - zoneOffsetMs(wall, timeZone);
  instant = wall - zoneOffsetMs(instant, timeZone);
  const back = localTime(instant, timeZone);
  if (Date.UTC(back.year, back.month - 1, back.day, back.hour) < wall) {
    // The wall time does not exist (spring forward): the period starts when the clocks land past it.
    instant = wall - zoneOffsetMs(instant + 3_600_000, timeZone);
  }
  return instant;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function offsetLabel(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The period of kind `kind` in `timeZone` that contains the instant `nowMs`. */
export function budgetPeriod(kind: BudgetPeriodKind, timeZone: string, nowMs: number): BudgetPeriod {
  const local = localTime(nowMs, timeZone);
  if (kind === 'hour') {
    const startMs = nowMs - (local.minute * 60 + local.second) * 1000 - (((nowMs % 1000) + 1000) % 1000);
    const offset = zoneOffsetMs(startMs, timeZone);
    const key = `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}${offsetLabel(offset)}`;
    return { key, startMs, endMs: startMs + 3_600_000 };
  }
  if (kind === 'day') {
    const startMs = instantOf(local.year, local.month, local.day, 0, timeZone);
    const next = new Date(Date.UTC(local.year, local.month - 1, local.day + 1));
    const endMs = instantOf(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, timeZone);
    return { key: `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`, startMs, endMs };
  }
  const startMs = instantOf(local.year, local.month, 1, 0, timeZone);
  const next = new Date(Date.UTC(local.year, local.month, 1));
  const endMs = instantOf(next.getUTCFullYear(), next.getUTCMonth() + 1, 1, 0, timeZone);
  return { key: `${pad(local.year, 4)}-${pad(local.month)}`, startMs, endMs };
}

/**
 * Workflow id of a budget's ledger for one period: `budget-<name>/<period>`, or `budget-<name>:<key>/<period>` for
 * one caller or metadata value of a per-key scope (the key URI-encoded, so it never holds `/`).
 */
export function ledgerWorkflowId(budgetName: string, periodKey: string, key = '', kind = 'budget'): string {
  const keyed = key === '' ? '' : `:${encodeURIComponent(key)}`;
  return `${kind}-${budgetName}${keyed}/${periodKey}`;
}
