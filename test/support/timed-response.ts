/** A gateway response read to its end, with when each SSE event arrived. */
export interface TimedResponse {
  status: number;
  /** Parsed `data:` events (not `[DONE]`), each with the ms since the request was sent. */
  events: { at: number; data: Record<string, unknown> }[];
  /** The body parsed as JSON when it was not an event stream (errors, non-streamed answers). */
  json: Record<string, unknown> | null;
  /** The stream ended with `data: [DONE]`. */
  done: boolean;
  /** Longest time without any bytes from the gateway (SSE comments included), ms. */
  longestSilenceMs: number;
  /** Request sent to the body's end, ms. */
  totalMs: number;
}

/** POSTs a JSON body and reads the answer to its end, timing every event and every silence. */
export async function postTimed(
  url: string,
  body: object,
  headers: Record<string, string> = {},
): Promise<TimedResponse> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const received: TimedResponse = {
    status: response.status,
    events: [],
    json: null,
    done: false,
    longestSilenceMs: 0,
    totalMs: 0,
  };
  const streamed = (response.headers.get('content-type') ?? '').includes('event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let last = performance.now();
  for (;;) {
    const { done, value } = await reader.read();
    const now = performance.now();
    received.longestSilenceMs = Math.max(received.longestSilenceMs, now - last);
    last = now;
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    if (!streamed) continue;
    let split = buffer.indexOf('\n\n');
    while (split !== -1) {
      const event = buffer.slice(0, split);
      buffer = buffer.slice(split + 2);
      if (event === 'data: [DONE]') received.done = true;
      else if (event.startsWith('data: '))
        received.events.push({ at: now - started, data: JSON.parse(event.slice(6)) });
      split = buffer.indexOf('\n\n');
    }
  }
  received.totalMs = performance.now() - started;
  if (!streamed && buffer.trim() !== '') received.json = JSON.parse(buffer);
  return received;
}
