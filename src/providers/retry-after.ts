/** Anything with a `get` like the Fetch `Headers` class. */
export interface HeaderSource {
  get(name: string): string | null;
}

/**
 * The provider's requested wait in ms, from `retry-after-ms` (milliseconds, OpenAI), else `retry-after`
 * (seconds, or an HTTP date relative to `nowMs`). Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfterMs(
  headers: HeaderSource | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && milliseconds.trim() !== '') {
    const value = Number(milliseconds);
    if (Number.isFinite(value)) return Math.max(0, Math.round(value));
  }
  const raw = headers.get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
