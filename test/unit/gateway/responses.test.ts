import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../../../src/config/load-policy.js';
import type { AnswerEvent } from '../../../src/gateway/answer-events.js';
import { bufferedAnswerEvents } from '../../../src/gateway/answer-to-events.js';
import { answerFromResult, type GatewayAnswer } from '../../../src/gateway/gateway-answer.js';
import { GatewayError } from '../../../src/gateway/openai-error.js';
import { responseFrame, responseObject } from '../../../src/gateway/responses-body.js';
import { renderResponsesStream } from '../../../src/gateway/responses-stream.js';
import { responsesToRouteRequest } from '../../../src/gateway/responses-to-route-request.js';
import type { RouteResult } from '../../../src/policy/types.js';
import { PACKAGE_ROOT } from '../../../src/temporal/paths.js';
import { gatewayErrorOf } from '../../support/gateway-error-of.js';

const { policy } = loadPolicyFile(join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml'));
const weather = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: true,
};

const failure = (body: unknown): GatewayError => gatewayErrorOf(() => responsesToRouteRequest(body, policy));

describe('Responses request → RouteRequest', () => {
  it('takes a string input, instructions, max_output_tokens, text.format and metadata', () => {
    const call = responsesToRouteRequest(
      {
        model: 'ok',
        input: 'Where is my order?',
        instructions: 'Be brief.',
        max_output_tokens: 64,
        text: { format: { type: 'json_schema', name: 'r', schema: { type: 'object' }, strict: true } },
        metadata: { channel: 'web' },
        stream: true,
        store: false,
      },
      policy,
    );
    expect(call.stream).toBe(true);
    expect(call.echo).toEqual({
      instructions: 'Be brief.',
      max_output_tokens: 64,
      metadata: { channel: 'web' },
      parallel_tool_calls: true,
      text: { format: { type: 'json_schema', name: 'r', schema: { type: 'object' }, strict: true } },
      tool_choice: 'auto',
      tools: [],
    });
    expect(call.request).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Where is my order?' },
      ],
      route: 'ok',
      maxOutputTokens: 64,
      responseFormat: { type: 'json', schema: { type: 'object' } },
      metadata: { channel: 'web' },
    });
  });

  it('turns items into the conversation: function calls join the assistant turn, outputs become tool turns', () => {
    const { request } = responsesToRouteRequest(
      {
        model: 'auto',
        tools: [weather],
        tool_choice: 'required',
        parallel_tool_calls: true,
        input: [
          { role: 'developer', content: 'You answer weather questions.' },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Paris and Rome?' }] },
          { type: 'reasoning', id: 'rs_1', summary: [] },
          { role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
          { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'function_call', call_id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
          { type: 'function_call_output', call_id: 'call_1', output: '18 degrees' },
          { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: '24 degrees' }] },
        ],
      },
      policy,
    );
    expect(request).toEqual({
      messages: [
        { role: 'system', content: 'You answer weather questions.' },
        { role: 'user', content: 'Paris and Rome?' },
        {
          role: 'assistant',
          content: 'Checking.',
          toolCalls: [
            { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
            { id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', content: '18 degrees' },
        { role: 'tool', toolCallId: 'call_2', content: '24 degrees' },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
      toolChoice: 'required',
      parallelToolCalls: true,
    });
  });

  it('passes temperature and top_p as the caller’s decoding; out of range is a 400 naming the field', () => {
    const decodingOf = (fields: Record<string, unknown>) =>
      responsesToRouteRequest({ model: 'auto', input: 'hi', ...fields }, policy).request.decoding;
    expect(decodingOf({ temperature: 0.3, top_p: 0.8 })).toEqual({ temperature: 0.3, topP: 0.8 });
    expect(decodingOf({ temperature: null })).toBeUndefined();
    expect(failure({ model: 'auto', input: 'hi', temperature: 3 })).toMatchObject({
      status: 400,
      param: 'temperature',
    });
  });

  it('refuses what a stateless router cannot honour with a 400 naming the field', () => {
    expect(failure({ model: 'auto', input: 'hi', previous_response_id: 'resp_1' })).toMatchObject({
      status: 400,
      param: 'previous_response_id',
      code: 'previous_response_not_supported',
    });
    expect(failure({ model: 'auto', input: [{ type: 'item_reference', id: 'msg_1' }] }).param).toBe('input[0].type');
    expect(failure({ model: 'auto', input: 'hi', tools: [{ type: 'web_search' }] }).param).toBe('tools[0].type');
    expect(
      failure({ model: 'auto', input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'x' }] }] }).param,
    ).toBe('input[0].content[0]');
    expect(failure({ model: 'auto', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }).param).toBe(
      'input[0].call_id',
    );
    expect(failure({ model: 'nope', input: 'hi' })).toMatchObject({ status: 404 });
    expect(failure({ model: 'auto', input: [] }).param).toBe('input');
  });
});

const toolResult = {
  workflowId: 'route-9',
  outcome: 'answered',
  answer: '',
  route: 'ok',
  model: 'ok',
  attempts: [{ model: 'ok', ok: true, latencyMs: 40 }],
  costUsd: 0.0001,
  policyVersion: 'v1',
  usage: { inputTokens: 3, outputTokens: 12 },
  finish: 'tool-calls',
  toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' }],
} as unknown as RouteResult;
const textResult = {
  ...toolResult,
  answer: 'It is sunny in Paris today.',
  finish: 'stop',
  toolCalls: null,
} as RouteResult;
const frame = responseFrame('route-9', 'auto', 1700000000);

describe('Responses bodies', () => {
  it('renders a text answer as a completed response with a message item, output_text, usage and routing facts', () => {
    const body = responseObject(frame, answerFromResult(textResult, policy, 50));
    expect(body).toMatchObject({
      id: 'resp_route-9',
      object: 'response',
      created_at: 1700000000,
      status: 'completed',
      incomplete_details: null,
      model: 'ok',
      output: [
        {
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'It is sunny in Paris today.', annotations: [] }],
        },
      ],
      output_text: 'It is sunny in Paris today.',
      usage: { input_tokens: 3, output_tokens: 12, total_tokens: 15 },
      switchyard: { workflowId: 'route-9', outcome: 'answered' },
    });
  });

  it('renders tool calls as function_call items, and a cut answer as incomplete', () => {
    const body = responseObject(frame, answerFromResult(toolResult, policy, 50));
    expect(body.output).toEqual([
      {
        type: 'function_call',
        id: 'fc_route-9_0',
        call_id: 'call_a',
        name: 'get_weather',
        arguments: '{"city":"Paris","unit":"celsius"}',
        status: 'completed',
      },
    ]);
    const cut = responseObject(frame, answerFromResult({ ...textResult, finish: 'length' }, policy, 5));
    expect(cut).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    const filtered = responseObject(frame, answerFromResult({ ...textResult, finish: 'content-filter' }, policy, 5));
    expect(filtered.incomplete_details).toEqual({ reason: 'content_filter' });
  });
});

/** Renders events and returns them as `{ type, …data }` in order. */
async function render(events: AsyncIterable<AnswerEvent>): Promise<Record<string, unknown>[]> {
  const written: Record<string, unknown>[] = [];
  await renderResponsesStream(events, frame, {
    event(type, data) {
      expect((data as { type: string }).type).toBe(type);
      written.push(data as Record<string, unknown>);
    },
  });
  return written;
}

async function* live(events: AnswerEvent[]): AsyncGenerator<AnswerEvent> {
  yield* events;
}

async function collect(events: AsyncIterable<AnswerEvent> | Iterable<AnswerEvent>): Promise<AnswerEvent[]> {
  const all: AnswerEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe('Responses stream renderer', () => {
  it('renders a text answer as the Responses event sequence with sequence numbers', async () => {
    const answer = answerFromResult(textResult, policy, 50);
    const events = await render(bufferedAnswerEvents(answer));
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('response.created');
    expect(types[1]).toBe('response.in_progress');
    expect(types.slice(2, 4)).toEqual(['response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const text = events
      .filter((event) => event.type === 'response.output_text.delta')
      .map((event) => event.delta)
      .join('');
    expect(text).toBe(textResult.answer);
    expect(events.at(-1)).toMatchObject({ response: { status: 'completed', output_text: textResult.answer } });
  });

  it('renders an interim message as its own switchyard.interim event, outside the output items', async () => {
    const answer = answerFromResult(textResult, policy, 50);
    const events = await render(
      live([{ kind: 'interim', message: 'One moment.' }, ...(await collect(bufferedAnswerEvents(answer)))]),
    );
    expect(events[2]).toMatchObject({ type: 'switchyard.interim', sequence_number: 2, message: 'One moment.' });
    expect(events.at(-1)).toMatchObject({ response: { status: 'completed', output_text: textResult.answer } });
  });

  it('renders tool calls as function-call items with argument deltas', async () => {
    const answer = answerFromResult(toolResult, policy, 50);
    const events = await render(bufferedAnswerEvents(answer));
    const types = events.map((event) => event.type);
    expect(types).not.toContain('response.output_text.delta');
    expect(events.find((event) => event.type === 'response.output_item.added')).toMatchObject({
      output_index: 0,
      item: { type: 'function_call', call_id: 'call_a', name: 'get_weather', arguments: '', status: 'in_progress' },
    });
    const args = events
      .filter((event) => event.type === 'response.function_call_arguments.delta')
      .map((event) => event.delta)
      .join('');
    expect(args).toBe('{"city":"Paris","unit":"celsius"}');
    expect(events.find((event) => event.type === 'response.function_call_arguments.done')).toMatchObject({
      arguments: args,
      name: 'get_weather',
    });
    expect(events.at(-1)).toMatchObject({
      type: 'response.completed',
      response: { output: [{ type: 'function_call', call_id: 'call_a', arguments: args }] },
    });
  });

  it('closes live items with the final answer, voids items of a failed attempt, and ends with incomplete', async () => {
    const answer: GatewayAnswer = { ...answerFromResult(textResult, policy, 50), finishReason: 'length' };
    const events = await render(
      live([
        { kind: 'delta', text: 'Partial from a model that ' },
        { kind: 'restart', reason: 'stall', failedModel: 'slow', discardedChars: 26 },
        { kind: 'delta', text: 'It is sunny' },
        { kind: 'end', answer, streamed: true },
      ]),
    );
    const itemsDone = events.filter((event) => event.type === 'response.output_item.done');
    expect(itemsDone[0]).toMatchObject({ output_index: 0, item: { status: 'incomplete' } });
    expect(itemsDone[1]).toMatchObject({ output_index: 1, item: { status: 'completed', id: 'msg_route-9_1' } });
    const deltas = events.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta);
    expect(deltas).toEqual(['Partial from a model that ', 'It is sunny', ' in Paris today.']);
    expect(events.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
  });

  it('ends with an error event', async () => {
    const error = new GatewayError(400, 'request rejected: nope', 'invalid_request_error', null, 'request_rejected');
    const events = await render(live([{ kind: 'error', error }]));
    expect(events.at(-1)).toEqual({
      type: 'error',
      sequence_number: 2,
      code: 'request_rejected',
      message: 'request rejected: nope',
      param: null,
    });
  });
});
