import type { AnswerEvent } from './answer-events.js';
import type { GatewayAnswer } from './gateway-answer.js';
import {
  itemIds,
  messageItem,
  type OutputItem,
  outputItems,
  outputText,
  type ResponseFrame,
  responseObject,
  responseStatus,
} from './responses-body.js';

/** Where the renderer writes: one named SSE event per call. */
export interface ResponsesEventWriter {
  event(type: string, data: object): void;
}

/** An output item being streamed. */
interface LiveItem {
  outputIndex: number;
  id: string;
  /** Text (message) or arguments (function call) sent so far. */
  sent: string;
  /** Function calls: the call id and name. */
  call?: { callId: string; name: string };
}

/**
 * Renders a request's AnswerEvents as the Responses API's SSE sequence: `response.created`,
 * `response.in_progress`, then per output item `response.output_item.added`, its content (message:
 * `response.content_part.added`, `response.output_text.delta`…, `response.output_text.done`,
 * `response.content_part.done`; function call: `response.function_call_arguments.delta`…,
 * `response.function_call_arguments.done`) and `response.output_item.done`, and finally
 * `response.completed` (or `response.incomplete`, with the reason) carrying the whole response — or an
 * `error` event. Every event has a `sequence_number`. Pieces stream as they come; the `end` answer is the
 * record, so items are closed with its text and arguments, and items it has but the stream did not are sent
 * whole. A `restart` closes the items sent so far as `incomplete` (void: the answer that follows has new
 * items). Pure apart from the writer; returns after the terminal event.
 */
export async function renderResponsesStream(
  events: AsyncIterable<AnswerEvent>,
  frame: ResponseFrame,
  writer: ResponsesEventWriter,
): Promise<void> {
  let sequence = 0;
  const emit = (type: string, data: object): void => writer.event(type, { type, sequence_number: sequence++, ...data });
  let nextOutputIndex = 0;
  let generation = 0;
  let message: LiveItem | null = null;
  const calls = new Map<number, LiveItem>();

  const openMessage = (): LiveItem => {
    const item: LiveItem = {
      outputIndex: nextOutputIndex++,
      id: suffixed(itemIds.message(frame), generation),
      sent: '',
    };
    emit('response.output_item.added', {
      output_index: item.outputIndex,
      item: { ...messageItem(frame, '', 'in_progress'), id: item.id },
    });
    emit('response.content_part.added', { ...at(item), part: outputText('') });
    return item;
  };
  const textDelta = (item: LiveItem, delta: string): void => {
    if (delta === '') return;
    item.sent += delta;
    emit('response.output_text.delta', { ...at(item), delta, logprobs: [] });
  };
  const openCall = (index: number, callId: string, name: string): LiveItem => {
    const item: LiveItem = {
      outputIndex: nextOutputIndex++,
      id: suffixed(itemIds.functionCall(frame, index), generation),
      sent: '',
      call: { callId, name },
    };
    emit('response.output_item.added', { output_index: item.outputIndex, item: callItem(item, 'in_progress') });
    return item;
  };
  const argumentsDelta = (item: LiveItem, delta: string): void => {
    if (delta === '') return;
    item.sent += delta;
    emit('response.function_call_arguments.delta', { item_id: item.id, output_index: item.outputIndex, delta });
  };

  emit('response.created', { response: responseObject(frame, null) });
  emit('response.in_progress', { response: responseObject(frame, null) });
  for await (const event of events) {
    switch (event.kind) {
      case 'delta':
        message ??= openMessage();
        textDelta(message, event.text);
        break;
      case 'tool-call-delta': {
        let call = calls.get(event.index);
        if (!call) {
          if (!event.id || !event.name) break; // a call opens with its id and name
          call = openCall(event.index, event.id, event.name);
          calls.set(event.index, call);
        }
        argumentsDelta(call, event.argumentsDelta ?? '');
        break;
      }
      case 'interim':
        // Not part of the response's output items: its own event, which clients that do not know it skip.
        emit('switchyard.interim', { message: event.message });
        break;
      case 'restart':
        for (const item of [message, ...calls.values()]) {
          if (item) emit('response.output_item.done', { output_index: item.outputIndex, item: voided(item) });
        }
        message = null;
        calls.clear();
        generation += 1;
        break;
      case 'end': {
        const output = finishItems(event.answer);
        const type = responseStatus(event.answer).status === 'completed' ? 'response.completed' : 'response.incomplete';
        emit(type, { response: { ...responseObject(frame, event.answer), output } });
        return;
      }
      case 'error': {
        const { error } = event.error.toBody();
        emit('error', { code: error.code, message: error.message, param: error.param });
        return;
      }
    }
  }

  /** Closes the live items with the answer's final text and arguments, and sends the ones not yet streamed. */
  function finishItems(answer: GatewayAnswer): OutputItem[] {
    return outputItems(answer, frame).map((final) => {
      if (final.type === 'message') {
        const text = final.content[0]?.text ?? '';
        const item = message ?? openMessage();
        if (text.startsWith(item.sent)) textDelta(item, text.slice(item.sent.length));
        emit('response.output_text.done', { ...at(item), text, logprobs: [] });
        emit('response.content_part.done', { ...at(item), part: outputText(text) });
        const done = { ...final, id: item.id };
        emit('response.output_item.done', { output_index: item.outputIndex, item: done });
        return done;
      }
      const index = answer.toolCalls.findIndex((call) => call.id === final.call_id);
      const item = calls.get(index) ?? openCall(index, final.call_id, final.name);
      if (final.arguments.startsWith(item.sent)) argumentsDelta(item, final.arguments.slice(item.sent.length));
      const { id: _id, ...rest } = final;
      const done = { ...rest, id: item.id };
      emit('response.function_call_arguments.done', {
        item_id: item.id,
        output_index: item.outputIndex,
        name: final.name,
        arguments: final.arguments,
      });
      emit('response.output_item.done', { output_index: item.outputIndex, item: done });
      return done;
    });
  }
}

function at(item: LiveItem) {
  return { item_id: item.id, output_index: item.outputIndex, content_index: 0 };
}

function callItem(item: LiveItem, status: 'in_progress' | 'completed' | 'incomplete') {
  return {
    type: 'function_call',
    id: item.id,
    call_id: item.call?.callId ?? '',
    name: item.call?.name ?? '',
    arguments: status === 'in_progress' ? '' : item.sent,
    status,
  };
}

/** A streamed item whose attempt failed: closed as `incomplete` with what was sent. */
function voided(item: LiveItem) {
  if (item.call) return callItem(item, 'incomplete');
  return { type: 'message', id: item.id, status: 'incomplete', role: 'assistant', content: [outputText(item.sent)] };
}

function suffixed(id: string, generation: number): string {
  return generation === 0 ? id : `${id}_${generation}`;
}
