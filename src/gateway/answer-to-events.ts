import type { AnswerEvent } from './answer-events.js';
import { CHUNK_CHARS, splitArguments, splitText } from './completion-body.js';
import type { GatewayAnswer } from './gateway-answer.js';

/**
 * A finished answer as AnswerEvents: its text in pieces, each tool call (id and name, then its arguments
 * in pieces), then `end`. Feeds a wire renderer when the answer arrives whole (the workflow's result).
 */
export async function* bufferedAnswerEvents(answer: GatewayAnswer): AsyncGenerator<AnswerEvent> {
  for (const text of splitText(answer.content, CHUNK_CHARS)) yield { kind: 'delta', text };
  for (const [index, call] of answer.toolCalls.entries()) {
    yield { kind: 'tool-call-delta', index, id: call.id, name: call.name };
    for (const argumentsDelta of splitArguments(call.arguments))
      yield { kind: 'tool-call-delta', index, argumentsDelta };
  }
  yield { kind: 'end', answer, streamed: true };
}
