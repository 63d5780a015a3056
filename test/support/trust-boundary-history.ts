/**
 * Every byte string (payload data, metadata) in a part of a workflow history as UTF-8 text, plus every plain
 * string field (failure messages, names): what someone reading the stored history would see.
 */
export function historyPayloadTexts(events: readonly unknown[]): string[] {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown): void => {
    if (value === null || value === undefined) return;
    if (typeof value === 'string') {
      texts.push(value);
      return;
    }
    if (value instanceof Uint8Array) {
      texts.push(Buffer.from(value).toString('utf8'));
      return;
    }
    if (typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    for (const item of Array.isArray(value) ? value : Object.values(value as Record<string, unknown>)) walk(item);
  };
  for (const event of events) walk(event);
  return texts;
}
