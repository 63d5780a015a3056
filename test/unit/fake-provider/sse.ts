/** One server-sent event as framed on the wire. */
export interface RawEvent {
  event: string | null;
  data: string;
}

/** Splits an SSE body into events, insisting on the framing: `field: value` lines, events ended by a blank line. */
export function parseSse(body: string): RawEvent[] {
  if (!body.endsWith('\n\n')) throw new Error('SSE body does not end with a blank line');
  return body
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      let event: string | null = null;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        const match = /^(event|data): (.*)$/.exec(line);
        if (!match) throw new Error(`not an SSE field line: ${JSON.stringify(line)}`);
        if (match[1] === 'event') event = match[2] ?? '';
        else data.push(match[2] ?? '');
      }
      return { event, data: data.join('\n') };
    });
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
