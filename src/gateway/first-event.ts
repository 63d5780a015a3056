import type { AnswerEvent } from './answer-events.js';

/** The first event of a stream, or the read still pending when it did not come in time. */
export type First =
  | { kind: 'now'; event: AnswerEvent | null }
  | { kind: 'later'; next: Promise<IteratorResult<AnswerEvent>> };

/** The first event if it comes within `ms`; else the pending read, to be awaited once the stream is open. */
export async function firstEvent(iterator: AsyncIterator<AnswerEvent>, ms: number): Promise<First> {
  let timer: NodeJS.Timeout | undefined;
  const next = iterator.next();
  const later = new Promise<'later'>((resolve) => {
    timer = setTimeout(() => resolve('later'), ms);
  });
  const first = await Promise.race([next, later]).finally(() => clearTimeout(timer));
  if (first === 'later') return { kind: 'later', next };
  return { kind: 'now', event: first.done ? null : first.value };
}

/** The stream again with its first event (already read, or still pending) in front. */
export async function* withFirst(first: First, iterator: AsyncIterator<AnswerEvent>): AsyncGenerator<AnswerEvent> {
  const head = first.kind === 'later' ? await first.next : { done: first.event === null, value: first.event };
  if (head.done || !head.value) return;
  yield head.value;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
    yield next.value;
  }
}
