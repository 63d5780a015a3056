/** One server-sent event: its `event` field (null when absent) and its data lines joined by `\n`. */
export interface SseEvent {
  event: string | null;
  data: string;
}

/**
 * Server-sent events from a text stream in arbitrary pieces, read the way the official SDKs read them: lines end
 * in `\n` or `\r\n`, `:` starts a comment, `event` and `data` are the fields kept, a blank line ends an event,
 * and an event the stream never ends with a blank line is dropped.
 */
export class SseParser {
  private buffer = '';
  private event: string | null = null;
  private data: string[] = [];

  /** Takes the next piece of text; returns the events it completed. */
  push(text: string): SseEvent[] {
    this.buffer += text;
    const events: SseEvent[] = [];
    let start = 0;
    let newline = this.buffer.indexOf('\n', start);
    while (newline !== -1) {
      this.line(this.buffer.slice(start, newline), events);
      start = newline + 1;
      newline = this.buffer.indexOf('\n', start);
    }
    this.buffer = start === 0 ? this.buffer : this.buffer.slice(start);
    return events;
  }

  private line(raw: string, events: SseEvent[]): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') {
      if (this.event || this.data.length > 0) events.push({ event: this.event, data: this.data.join('\n') });
      this.event = null;
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}
