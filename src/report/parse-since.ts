import { parseDurationMs } from '../policy/duration.js';

/** `--since`: a duration back from `now` (`24h`, `90m`, `7d`) or an ISO time. Throws naming the option. */
export function parseSince(value: string, now: Date = new Date()): Date {
  const ms = parseDurationMs(value);
  if (ms !== undefined) return new Date(now.getTime() - ms);
  const time = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new Error(`--since: expected a duration like 24h or an ISO time, got "${value}"`);
  return new Date(time);
}
