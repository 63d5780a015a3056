import type { AnswerEvent } from './answer-events.js';
import type { GatewayAnswer } from './gateway-answer.js';
import { GatewayError } from './openai-error.js';
import type { RenderedOutcome } from './render-outcome.js';
import type { RelayEvent, RelayStream } from './stream-relay.js';

/**
 * What a client is told when an attempt whose tokens it already received fails: `restart` (default) — a
 * `restart` event voids what was sent and the next model's answer follows; `error` — the stream ends with
 * an error event (the workflow still finishes and records its answer). See docs/streaming.md.
 */
export type StreamRecovery = 'restart' | 'error';

/** The request's end as the gateway learns it: a rendered outcome, a router failure, or the client gone. */
export type FinalOutcome = RenderedOutcome | { kind: 'client-gone' };

/**
 * Merges a request's live relay lines with its final outcome into AnswerEvents. Pieces of the attempt that
 * is streaming go out at once; a failure before anything was sent stays invisible (the next attempt simply
 * streams); a failure after pieces were sent becomes a `restart` (or an error, per `recovery`). The workflow's
 * validated answer always has the last word: if what was streamed is not exactly its answer, the rest is
 * sent, or the answer is restarted in full. Never ends with an answer that is a truncated stream.
 */
export async function* liveAnswerEvents(options: {
  relay: RelayStream | null;
  outcome: Promise<FinalOutcome>;
  recovery: StreamRecovery;
}): AsyncGenerator<AnswerEvent> {
  const { relay, recovery } = options;
  const queue: ({ from: 'relay'; event: RelayEvent } | { from: 'outcome'; outcome: FinalOutcome })[] = [];
  let wake: (() => void) | null = null;
  const push = (item: (typeof queue)[number]) => {
    queue.push(item);
    wake?.();
  };
  if (relay) relay.onEvent = (event) => push({ from: 'relay', event });
  options.outcome.then(
    (outcome) => push({ from: 'outcome', outcome }),
    (error: unknown) =>
      push({
        from: 'outcome',
        outcome: {
          kind: 'error',
          error:
            error instanceof GatewayError
              ? error
              : new GatewayError(500, `internal error: ${String(error)}`, 'server_error', null, null),
        },
      }),
  );
  const sent = new SentAnswer();
  let live: number | null = null;
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const item = queue.shift();
      if (!item) continue;
      if (item.from === 'outcome') {
        yield* finalEvents(item.outcome, sent, recovery);
        return;
      }
      const { attempt, line } = item.event;
      if (line.type === 'interim') {
        // Only while the client has nothing yet: once pieces of the answer flow, the wait is over.
        if (!sent.any) yield { kind: 'interim', message: line.message };
        continue;
      }
      if (line.type === 'start') {
        // An attempt whose POST died without its `end` line: what it sent is void too.
        if (sent.any) {
          const restart = voided(sent, recovery, 'AttemptInterrupted', 'previous attempt');
          yield restart;
          if (restart.kind === 'error') return;
        }
        live = attempt;
        sent.model = line.model;
        continue;
      }
      if (attempt !== live) continue;
      if (line.type === 'text') {
        sent.text += line.text;
        yield { kind: 'delta', text: line.text };
      } else if (line.type === 'tool-call') {
        sent.toolCall(line);
        yield {
          kind: 'tool-call-delta',
          index: line.index,
          ...(line.id === undefined ? {} : { id: line.id }),
          ...(line.name === undefined ? {} : { name: line.name }),
          ...(line.argumentsDelta === undefined ? {} : { argumentsDelta: line.argumentsDelta }),
        };
      } else if (line.type === 'end') {
        if (!line.ok) {
          live = null;
          if (sent.any) {
            const restart = voided(sent, recovery, line.errorType ?? 'Unknown', sent.model ?? 'model');
            yield restart;
            if (restart.kind === 'error') return;
          }
        }
      }
    }
  } finally {
    if (relay) {
      relay.onEvent = null;
      relay.close();
    }
  }
}

/** What has reached the client of the answer being streamed. */
class SentAnswer {
  text = '';
  model: string | null = null;
  readonly tools = new Map<number, { id: string; name: string; arguments: string }>();

  get any(): boolean {
    return this.text.length > 0 || this.tools.size > 0;
  }

  toolCall(line: { index: number; id?: string; name?: string; argumentsDelta?: string }): void {
    const call = this.tools.get(line.index) ?? { id: '', name: '', arguments: '' };
    if (line.id !== undefined) call.id = line.id;
    if (line.name !== undefined) call.name += line.name;
    if (line.argumentsDelta !== undefined) call.arguments += line.argumentsDelta;
    this.tools.set(line.index, call);
  }

  /** Whether the tool calls sent are exactly the answer's. */
  toolsMatch(answer: GatewayAnswer): boolean {
    if (this.tools.size !== answer.toolCalls.length) return false;
    return answer.toolCalls.every((call, index) => {
      const sent = this.tools.get(index);
      return sent?.id === call.id && sent.name === call.name && sent.arguments === call.arguments;
    });
  }

  reset(): void {
    this.text = '';
    this.tools.clear();
  }
}

/** The event for an answer that was partly sent and is now void; resets what counts as sent. */
function voided(sent: SentAnswer, recovery: StreamRecovery, reason: string, failedModel: string): AnswerEvent {
  const discardedChars = sent.text.length;
  sent.reset();
  if (recovery === 'error') {
    return {
      kind: 'error',
      error: new GatewayError(
        503,
        `the answer stream was interrupted (${failedModel}: ${reason}); what was sent is incomplete`,
        'server_error',
        null,
        'stream_interrupted',
      ),
    };
  }
  return { kind: 'restart', reason, failedModel, discardedChars };
}

function* finalEvents(outcome: FinalOutcome, sent: SentAnswer, recovery: StreamRecovery): Generator<AnswerEvent> {
  if (outcome.kind === 'client-gone') return;
  if (outcome.kind === 'error') {
    yield { kind: 'error', error: outcome.error };
    return;
  }
  const { answer, status } = outcome;
  if (sent.any && sent.toolsMatch(answer)) {
    if (sent.text === answer.content) {
      yield { kind: 'end', answer, streamed: true, status };
      return;
    }
    // The relay runs beside the workflow: its last lines may trail the result. Send what is missing.
    if (answer.content.startsWith(sent.text)) {
      yield { kind: 'delta', text: answer.content.slice(sent.text.length) };
      yield { kind: 'end', answer, streamed: true, status };
      return;
    }
  }
  if (sent.any) {
    const restart = voided(sent, recovery, 'AnswerReplaced', sent.model ?? 'model');
    yield restart;
    if (restart.kind === 'error') return;
  }
  yield { kind: 'end', answer, streamed: false, status };
}
